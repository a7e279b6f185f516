import { test, expect, type Page } from "@playwright/test";
import { confirmSignUp, mailMatching, ensureAdmin, expectAccessible, expectPageHydrated, openAccountMenu, signIn, watchForErrors } from "./helpers";

// The rough edges a fresh walk through the four journeys found, each as a person meets it.

const PASSWORD = "a long enough secret";
const ADMIN = "walker.admin@example.org";
const SERIES = "Palliative Care Module Series Part 1";
const SERIES_URL = "/resources/palliative-care-module-series-part-1";

test.beforeAll(() => ensureAdmin(ADMIN, "Wren Walker", PASSWORD));

async function signUp(page: Page, name: string, email: string) {
  const since = Date.now();
  await page.goto("/sign-up");
  await expectPageHydrated(page);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email, since);
}


/** Nothing on the page is wider than the window: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, `the page is ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

test.describe("on a phone (390 px wide)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the filter sheet stays open while boxes are ticked, its button shows the count, and Back unticks", async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto("/resources");
    await expectPageHydrated(page);
    await page.locator("summary.filter-sheet__toggle").click();
    const course = page.getByLabel(/^Course \(\d+\)$/);
    const label = await page.locator("label").filter({ hasText: /^Course \(\d+\)$/ }).textContent();
    const count = Number(label!.match(/\((\d+)\)/)![1]);
    await course.check();
    await expect(page).toHaveURL(/kind=course/);
    // Still open: the next box is one tap away, and the button at the foot says what it gives.
    await expect(course).toBeVisible();
    await expect(course).toBeChecked();
    const done = page.locator(".filter-sheet__done");
    await expect(done).toBeInViewport();
    await expect(done).toHaveAccessibleName(count === 1 ? "Show 1 resource" : `Show ${count} resources`);
    await done.click();
    await expect(course).toBeHidden();
    await expect(page.locator("#results-count")).toBeInViewport();
    await expect(page.locator("summary.filter-sheet__toggle")).toContainText("1 chosen");
    // Back to everything: the box is unticked again.
    await page.goBack();
    await expect(page).toHaveURL(/\/resources$/);
    await page.locator("summary.filter-sheet__toggle").click();
    await expect(course).not.toBeChecked();
    expect(errors).toEqual([]);
  });

  test("the header search keeps its words on Escape and always offers a full search", async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto("/");
    await expectPageHydrated(page);
    const box = page.getByRole("combobox", { name: "Search the hub" });
    await box.click();
    await box.pressSequentially("serious news", { delay: 30 });
    const list = page.getByRole("listbox", { name: "Suggestions" });
    const full = list.getByRole("option", { name: /Search for “serious news”/ });
    await expect(full).toBeVisible();
    // The list is as wide as the whole box, not the narrow field alone.
    const listBox = (await list.boundingBox())!;
    const form = (await page.getByRole("search").boundingBox())!;
    expect(listBox.width).toBeGreaterThanOrEqual(form.width - 2);
    await box.press("Escape");
    await expect(list).toBeHidden();
    await expect(box).toHaveValue("serious news");
    await box.press("ArrowDown");
    await expect(full).toBeVisible();
    await box.press("ArrowUp");
    await expect(full).toHaveAttribute("aria-selected", "true");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=serious(%20|\+)news/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("serious news");
    expect(errors).toEqual([]);
  });

  test("a quiz left half answered names the questions, in view and in focus", async ({ page }) => {
    const errors = watchForErrors(page);
    await signUp(page, "Quinn Quiz", "quinn.quiz@example.org");
    await page.goto(`${SERIES_URL}/quiz/check-your-understanding`);
    await expectPageHydrated(page);
    await page.locator('input[name="answers[0]"]').first().check();
    await page.getByRole("button", { name: "Submit answers" }).click();
    const summary = page.locator("[data-error-summary]");
    await expect(summary).toContainText("Answer questions 2–5 before you submit.");
    await expect(summary).toBeFocused();
    await expect(summary).toBeInViewport();
    await summary.getByRole("link", { name: "Question 3" }).click();
    await expect(page.locator("#question-3")).toBeInViewport();
    errors.splice(0); // the refused post (400) is logged by the browser
    expect(errors).toEqual([]);
  });

  test("the profile can be changed on /account, every mistake named at once", async ({ page }) => {
    const errors = watchForErrors(page);
    await signUp(page, "Pat Profile", "pat.profile@example.org");
    await page.goto("/account");
    await expectPageHydrated(page);
    await expectNoSidewaysScroll(page);
    await page.getByLabel("Name", { exact: true }).fill(" ");
    await page.getByLabel("Email", { exact: true }).fill("pat.new@example.org");
    await page.getByRole("button", { name: "Save profile" }).click();
    // A blank name, and a new email without the password: both said, the first in focus.
    await expect(page.locator("#field-name-error")).toHaveText("Enter your name.");
    await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
    errors.splice(0);
    await page.getByLabel("Name", { exact: true }).fill("Pat Q. Profile");
    await page.locator("#profile-password").fill(PASSWORD);
    const since = Date.now();
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Your profile is saved.")).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Pat Q. Profile");
    // The new address waits for the link mailed to it; the email stays until then.
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue("pat.profile@example.org");
    await expect(page.getByText("Waiting for confirmation: pat.new@example.org.")).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    const [path] = await mailMatching("pat.new@example.org", /\/confirm-email\?token=[0-9a-f]{32}/, since);
    await page.goto(path);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await page.goto("/account");
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue("pat.new@example.org");
    await expect(page.getByText("Your email is confirmed.")).toBeVisible();
    // Email choices: a kind turned off and a time zone, saved and shown as saved.
    await page.getByLabel("Live session reminders").uncheck();
    await page.getByLabel("Your time zone").selectOption("Europe/Dublin");
    await page.getByRole("button", { name: "Save email choices" }).click();
    await expect(page.getByText("Your email choices are saved.")).toBeVisible();
    await expect(page.getByLabel("Live session reminders")).not.toBeChecked();
    await expect(page.getByLabel("Your time zone")).toHaveValue("Europe/Dublin");
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a refused form opens on what explains it, every field's error at once", async ({ page }) => {
      await page.goto("/sign-up");
      await page.getByLabel("Your name").fill(" ");
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByLabel("Password").fill("short");
      await page.getByLabel("Profession").fill("Hospice nurse");
      await page.getByRole("button", { name: "Create account" }).click();
      // No `__err=<base64>`: the refusal and what was typed wait in the session.
      await expect(page).toHaveURL(/\/sign-up#problem$/);
      const problem = page.locator("#problem");
      await expect(problem).toHaveText("Correct the 3 fields marked below.");
      await expect(problem).toBeInViewport();
      await expect(page.locator('[aria-invalid="true"]')).toHaveCount(3);
      // What was typed is still there to correct, except the password, which is never kept;
      // and none of it is in the address.
      await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
      await expect(page.getByLabel("Profession")).toHaveValue("Hospice nurse");
      await expect(page.getByLabel("Password")).toHaveValue("");
      expect(page.url()).not.toContain("Hospice");
      // Once: a reload of the same address draws the form as new.
      await page.reload();
      await expect(page.getByLabel("Profession")).toHaveValue("");
    });

    test("browse leads to the same filters ordered by date", async ({ page }) => {
      await page.goto("/resources?kind=course");
      await page.getByRole("link", { name: "Order by date" }).click();
      await expect(page).toHaveURL(/\/search\?sort=soonest&kind=course$/);
      await expect(page.getByLabel("Order")).toHaveValue("soonest");
      await expect(page.getByRole("region", { name: /\d+ resources?/ }).getByRole("heading", { level: 2 }).first()).toBeInViewport();
    });
  });

  test("admin tables fit the phone: each row a card", async ({ page }) => {
    const errors = watchForErrors(page);
    await signIn(page, ADMIN, PASSWORD);
    for (const path of ["/admin/resources", "/admin/users", "/admin/audit"]) {
      await page.goto(path);
      await expectPageHydrated(page);
      await expectNoSidewaysScroll(page);
    }
    await page.goto("/admin/resources/core-practice-of-palliative-care/edit");
    await expectPageHydrated(page);
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
  });
});

test("a saved resource shows its note field at once, a saved note says so, and removing asks first", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchForErrors(page);
  await signUp(page, "Noor Notes", "noor.notes@example.org");
  // The new page's heading takes the focus the confirm button left (a screen reader says where
  // it now is); a first visit shows where to start, not a column of empty sections.
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeFocused();
  await expect(page.getByRole("heading", { name: "Start here" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^In progress/ })).toHaveCount(0);
  await page.goto(SERIES_URL);
  await expectPageHydrated(page);
  // From the keyboard: the redrawn toggle keeps the focus, so the place is not lost.
  await page.getByRole("button", { name: `Save “${SERIES}”` }).focus();
  await page.keyboard.press("Enter");
  const note = page.getByLabel("Private note");
  await expect(note).toBeVisible();
  await expect(page.getByRole("button", { name: `Saved “${SERIES}”` })).toBeFocused();
  await note.fill("Start with presentation 3 for the ward meeting.");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByText("Note saved.")).toBeVisible();
  // The panel's content stays inside its card.
  const panel = (await page.locator(".learning").boundingBox())!;
  const field = (await note.boundingBox())!;
  expect(field.x + field.width).toBeLessThanOrEqual(panel.x + panel.width);
  // With a note, removing the bookmark asks first, and says the note goes too.
  await page.locator(".learning summary", { hasText: "Saved" }).click();
  await expect(page.getByText("Removing the bookmark deletes your private note on it too.")).toBeVisible();
  await page.getByRole("button", { name: "Remove bookmark and note" }).click();
  await expect(page.getByRole("button", { name: `Save “${SERIES}”` })).toBeVisible();
  await expect(page.getByRole("button", { name: `Save “${SERIES}”` })).toBeFocused();
  await expect(note).toBeHidden();
  // Marking an item: focus moves to the item's next control as it is redrawn.
  await page.getByRole("button", { name: "Mark as started: Presentation 1" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Mark as completed: Presentation 1" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Mark as not completed: Presentation 1" })).toBeFocused();
  // One step back at a time: completed to started, started to not started.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Mark as completed: Presentation 1" })).toBeFocused();
  await page.getByRole("button", { name: "Mark as not started: Presentation 1" }).click();
  await expect(page.getByRole("button", { name: "Mark as started: Presentation 1" })).toBeVisible();
  await expect(page.locator("#item-presentation-1 .status")).toHaveText("Not started");
  expect(errors).toEqual([]);
});

test("an admin confirms before disabling an account or granting admin; menus close on a click outside", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchForErrors(page);
  const learner = await page.context().browser()!.newContext();
  const other = await learner.newPage();
  await signUp(other, "Dana Disable", "dana.disable@example.org");
  await learner.close();

  await signIn(page, ADMIN, PASSWORD);
  await openAccountMenu(page);
  const bookmarks = page.locator(".account-menu").getByRole("link", { name: "Bookmarks" });
  await expect(bookmarks).toBeVisible();
  await page.locator("h1").click();
  await expect(bookmarks, "a click outside closes the menu").toBeHidden();

  await page.goto("/admin/users?q=dana");
  await expectPageHydrated(page);
  const row = page.locator("tr", { hasText: "dana.disable@example.org" });
  await row.locator("summary", { hasText: /^Disable/ }).click();
  await expect(row).toContainText("cannot sign in until an admin enables the account again");
  await expect(row.getByText("Active")).toBeVisible();
  await row.getByRole("button", { name: /Disable the account/ }).click();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: /^Enable/ }), "focus stays in its place").toBeFocused();
  await row.locator("summary", { hasText: "Grant admin" }).click();
  await expect(row).toContainText("will be able to edit and delete any resource");
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test("the admin editor fits a laptop's window, and a refused save brings its problems into view", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchForErrors(page);
  await signIn(page, ADMIN, PASSWORD);
  await page.goto("/admin/resources/core-practice-of-palliative-care/edit");
  await expectPageHydrated(page);
  await expectNoSidewaysScroll(page);
  await page.locator('[name="form[title]"]').fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  const summary = page.locator("[data-error-summary]");
  await expect(summary).toContainText("nothing was saved");
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  await expect(summary, "in the form's words, not the format's").toContainText("Title: Fill this in.");
  // Each problem is named as the form names its field, and leads to it.
  await summary.getByRole("link", { name: "Title" }).click();
  await expect(page).toHaveURL(/#f-title$/);
  await expect(page.locator('[name="form[title]"]')).toBeInViewport();
  errors.splice(0);
  expect(errors).toEqual([]);
});
