import { test, expect, type Page } from "@playwright/test";
import { ensureAdmin, watchForErrors, openAccountMenu } from "./helpers";

// Every route, opened afresh and reached by a link, must come alive: a page whose wasm fails to
// load or hydrate looks right and does nothing.

const PASSWORD = "a long enough secret";
const ADMIN = "every-page@example.org";
const SERIES_URL = "/resources/palliative-care-module-series-part-1";

test.beforeAll(() => ensureAdmin(ADMIN, "Eve Everypage", PASSWORD));

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

async function openAfresh(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await hydrated(page);
}

test("every public page hydrates, opened directly", async ({ page }) => {
  const errors = watchForErrors(page);
  for (const path of ["/", "/resources", SERIES_URL, "/pathways/champion-starter-path", "/search?q=grief", "/certificates", "/sign-in", "/sign-up", "/forgot-password", "/reset-password?token=0123456789abcdef0123456789abcdef", "/confirm-email?token=0123456789abcdef0123456789abcdef"]) {
    await openAfresh(page, path);
  }
  expect(errors).toEqual([]);
});

test("every signed-in and admin page hydrates, opened directly or reached by a link", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Email").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me$/);

  const pages: [string, RegExp][] = [
    ["/me", /My learning/],
    ["/me/bookmarks", /My bookmarks/],
    ["/me/credits", /Credits and licences/],
    ["/account", /Your account/],
    ["/teams", /Teams/],
    ["/collections", /Collections/],
    [`${SERIES_URL}/quiz/check-your-understanding`, /Check your understanding/],
    ["/admin", /^Admin$/],
    ["/admin/resources", /Resources/],
    ["/admin/resources/new", /New resource/],
    ["/admin/resources/palliative-care-module-series-part-1/edit", /Palliative Care Module Series Part 1/],
    ["/admin/resources/palliative-care-module-series-part-1/preview", /Palliative Care Module Series Part 1/],
    ["/admin/catalog", /Bulk upload/],
    ["/admin/audit", /Audit log/],
    ["/admin/users", /Users/],
    ["/admin/search", /Search analytics/],
    ["/admin/synonyms", /Synonyms/],
    ["/admin/links", /Link check/],
    ["/admin/outbox", /Outbox/],
    ["/admin/credits", /^Credits$/],
  ];
  for (const [path, heading] of pages) {
    await openAfresh(page, path);
    await expect(page.getByRole("heading", { level: 1, name: heading }), path).toHaveCount(1);
  }

  // Reached by links from a public page, each page is whole and live.
  await openAfresh(page, "/");
  await page.getByRole("link", { name: "My learning" }).first().click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/My learning/);
  await hydrated(page);
  await openAccountMenu(page);
  await page.getByRole("link", { name: "Credits and licences" }).click();
  await expect(page).toHaveURL(/\/me\/credits$/);
  await hydrated(page);
  await openAccountMenu(page);
  await page.getByRole("link", { name: "Admin" }).first().click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Admin/);
  await hydrated(page);
  await page.getByRole("link", { name: "Users" }).first().click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await hydrated(page);
  expect(errors).toEqual([]);
});
