import { test, expect, type Page } from "@playwright/test";
import { confirmSignUp, expectAccessible, watchForErrors } from "./helpers";

// The seed's live online course, given in Eastern time.
const COURSE = "Core Practice of Palliative Care";
const COURSE_URL = "/resources/core-practice-of-palliative-care";
const PASSWORD = "a long enough secret";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

/** Sign up → bookmark the course → make the personal calendar address on the bookmarks page →
 * the address serves the course's sessions → a new address retires the old one → turn it off.
 * `js`: whether the wasm runs; without it every button is a plain form post. */
async function calendarPath(page: Page, email: string, js: boolean) {
  const since = Date.now();
  await page.goto("/sign-up");
  if (js) await hydrated(page);
  await page.getByLabel("Your name").fill("Ana Ruiz");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email, since);

  // The course has ended (May 2026): its page no longer offers its sessions for a calendar,
  // though the file still answers for anyone who kept its address.
  await page.goto(COURSE_URL);
  if (js) await hydrated(page);
  await expect(page.getByText("This has ended.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Add the schedule to your calendar (.ics)" })).toHaveCount(0);
  const file = await page.request.get(`${COURSE_URL}/calendar.ics`);
  expect(file.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(await file.text()).toContain("DTSTART;TZID=America/New_York:20260513T100000");
  await page.getByRole("button", { name: `Save “${COURSE}”` }).click();
  await expect(page.getByRole("button", { name: `Saved “${COURSE}”` })).toBeVisible();

  await page.goto("/me/bookmarks");
  if (js) await hydrated(page);
  await page.getByRole("button", { name: "Create my calendar address" }).click();
  const address = page.getByLabel("Your private calendar address");
  await expect(address).toBeVisible();
  const first = await address.inputValue();
  expect(first).toMatch(/\/calendar\/[0-9a-f]{32}\.ics$/);
  // Calendar apps subscribe by a webcal: link; Google Calendar by its own.
  const webcal = first.replace(/^https?:/, "webcal:");
  await expect(page.getByRole("link", { name: "Subscribe in your calendar app" })).toHaveAttribute("href", webcal);
  await expect(page.getByRole("link", { name: "Add to Google Calendar" })).toHaveAttribute(
    "href",
    `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
  );
  if (js) {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy the calendar address" }).click();
    await expect(page.getByText("Copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
  }
  const feed = await page.request.get(first);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain("SUMMARY:Core Practice of Palliative Care (day 1 of 3)");
  if (js) await expectAccessible(page);

  await page.getByRole("button", { name: "Get a new address" }).click();
  await expect(address).not.toHaveValue(first);
  const second = await address.inputValue();
  expect((await page.request.get(first)).status()).toBe(404);
  expect((await page.request.get(second)).status()).toBe(200);

  // The hub keeps only a digest of the address: shown once, then only said to be on.
  await page.reload();
  if (js) await hydrated(page);
  await expect(page.getByText("Your calendar address is on.")).toBeVisible();
  await expect(page.getByLabel("Your private calendar address")).toHaveCount(0);
  expect((await page.request.get(second)).status()).toBe(200);

  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("button", { name: "Create my calendar address" })).toBeVisible();
  expect((await page.request.get(second)).status()).toBe(404);
}

test("a learner subscribes to their bookmarked sessions, hydrated", async ({ page }) => {
  const errors = watchForErrors(page);
  await calendarPath(page, `cal-${Date.now()}@example.org`, true);
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the calendar address works with plain form posts", async ({ page }) => {
    await calendarPath(page, `cal-nojs-${Date.now()}@example.org`, false);
  });
});
