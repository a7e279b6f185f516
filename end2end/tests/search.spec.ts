import { test, expect } from "@playwright/test";
import { expectAccessible, watchForErrors } from "./helpers";

test("type in the header box, pick a suggestion with the keyboard, land on the resource", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/resources");
  // The filters say so once the wasm runs; suggestions need it.
  await expect(page.locator(".filters__hint")).toHaveText("Results update as you choose.", { timeout: 15_000 });
  const box = page.getByRole("combobox", { name: "Search the hub" });
  await box.click();
  await box.pressSequentially("core pra", { delay: 40 });
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list).toBeVisible();
  await expect(list.getByRole("option").first()).toHaveText(/Core Practice of Palliative Care/);
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", "site-search-option-0");
  await expect(list.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/resources\/core-practice-of-palliative-care$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Core Practice of Palliative Care");
  expect(errors).toEqual([]);
});

test("search with filters, results update in place", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/search?q=communication");
  await expect(page.locator(".filters__hint")).toHaveText("Results update as you choose.", { timeout: 15_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “communication”");
  await expectAccessible(page);
  await page.getByLabel(/^Course \(\d+\)$/).check();
  await expect(page).toHaveURL(/\/search\?q=communication.*kind=course/);
  await expect(page.locator(".result__title a").first()).toBeVisible();
  for (const kind of await page.locator(".result .card__kind").allTextContents()) {
    expect(kind).toBe("Course");
  }
  await expect(page.locator(".result__snippet mark").first()).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the header box and the filters are plain GET forms", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Search the hub" }).fill("bad news");
    await page.getByRole("search").getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/search\?q=bad\+news/);
    await expect(page.getByRole("link", { name: "Core Practice of Palliative Care" })).toBeVisible();
    await page.getByLabel(/^Course \(\d+\)$/).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/q=bad\+news.*kind=course/);
    await expect(page.getByLabel(/^Course \(\d+\)$/)).toBeChecked();
    await page.getByRole("link", { name: "Core Practice of Palliative Care" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Core Practice of Palliative Care");
  });

  test("a misspelled search offers a correction, and nothing found offers a way on", async ({ page }) => {
    await page.goto("/search?q=fellowshp");
    await expect(page.getByText("Did you mean")).toBeVisible();
    await page.goto("/search?q=vietnam&kind=fellowship");
    await expect(page.getByText("We found nothing for this search")).toBeVisible();
    await page.getByRole("link", { name: "“vietnam” without filters" }).click();
    await expect(page.getByRole("link", { name: /Palliative Care Training in Vietnam/ })).toBeVisible();
  });
});
