import { test, expect, type Browser, type Page } from "@playwright/test";
import { confirmSignUp, expectAccessible, watchForErrors, openAccountMenu } from "./helpers";

const SERIES = "Palliative Care Module Series Part 1";
const SERIES_URL = "/resources/palliative-care-module-series-part-1";
const COURSE = "Core Practice of Palliative Care";
const PASSWORD = "a long enough secret";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

/** The titles of a collection's entries, in order. */
function entryTitles(page: Page) {
  return page.locator(".collection__entry .card__title");
}

/** A learner starts a collection, adds two resources with notes, puts the second first and
 * shares it by link; someone with no account opens the link and reads it in that order. `js`:
 * whether the wasm runs (without it, every button is a plain form post). */
async function collectionPath(browser: Browser, js: boolean) {
  const stamp = `${Date.now()}-${js ? "js" : "nojs"}`;
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  const errors = watchForErrors(page);

  const since = Date.now();
  await page.goto("/sign-up");
  if (js) await hydrated(page);
  await page.getByLabel("Your name").fill("Ana Curator");
  await page.getByLabel("Email").fill(`curator-${stamp}@example.org`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, `curator-${stamp}@example.org`, since);

  await openAccountMenu(page);
  await page.getByRole("link", { name: "Collections" }).click();
  await expect(page).toHaveURL(/\/collections$/);
  if (js) await hydrated(page);
  await page.getByLabel("Name").fill(`Starting out ${stamp}`);
  await page.getByRole("button", { name: "Create the collection" }).click();
  await expect(page).toHaveURL(/\/collections\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Starting out ${stamp}`);
  if (js) await hydrated(page);

  const collectionUrl = page.url().replace(/[?#].*$/, "");

  // From a resource's own page: "Add to a collection" goes to the collection, with it in place.
  await page.goto(SERIES_URL);
  if (js) await hydrated(page);
  await page.getByLabel("Add to a collection").selectOption({ label: `Starting out ${stamp}` });
  await page.getByLabel("Note (optional)").fill("Start here: it has a quiz.");
  await page.getByRole("button", { name: "Add to the collection" }).click();
  await expect(page).toHaveURL(new RegExp(`^${collectionUrl}`));
  await expect(entryTitles(page)).toHaveText([SERIES]);
  await page.goto(SERIES_URL);
  await expect(page.getByText("In your collections:")).toBeVisible();
  await page.goto(collectionUrl);
  if (js) await hydrated(page);
  await page.getByLabel("Resource", { exact: true }).selectOption({ label: COURSE });
  await page.getByLabel("Note (optional)").fill("Then the course, in person.");
  await page.getByRole("button", { name: "Add to the collection" }).click();
  await expect(entryTitles(page)).toHaveText([SERIES, COURSE]);

  await page.getByRole("button", { name: `Move ${COURSE} up` }).click();
  await expect(entryTitles(page)).toHaveText([COURSE, SERIES]);
  await expect(page.getByLabel(`Note on ${COURSE}`)).toHaveValue("Then the course, in person.");
  if (js) await expectAccessible(page);

  await page.getByRole("button", { name: "Make a link" }).click();
  const field = page.getByLabel("Link", { exact: true });
  await expect(field).toHaveValue(/\/collections\/shared\/[0-9a-f]{32}$/);
  const link = await field.inputValue();

  // Someone without an account opens the link.
  const visitor = await browser.newContext({ javaScriptEnabled: js });
  const reader = await visitor.newPage();
  const readerErrors = watchForErrors(reader);
  await reader.goto(link);
  if (js) await hydrated(reader);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(`Starting out ${stamp}`);
  await expect(entryTitles(reader)).toHaveText([COURSE, SERIES]);
  await expect(reader.getByText("Start here: it has a quiz.")).toBeVisible();
  await expect(reader.getByRole("button", { name: /Move|Take/ })).toHaveCount(0);
  if (js) await expectAccessible(reader);

  // The owner stops the link: it no longer opens.
  await page.getByRole("button", { name: "Stop the link" }).click();
  await expect(page.getByRole("button", { name: "Make a link" })).toBeVisible();
  const gone = await reader.goto(link);
  expect(gone?.status()).toBe(404);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("This collection link doesn't work");

  expect(errors).toEqual([]);
  expect(readerErrors.filter((e) => !e.includes("404"))).toEqual([]);
  await visitor.close();
  await context.close();
}

test("a collection: curated, ordered, shared by link and read without an account, hydrated", async ({ browser }) => {
  await collectionPath(browser, true);
});

test("a collection, with JavaScript off", async ({ browser }) => {
  await collectionPath(browser, false);
});
