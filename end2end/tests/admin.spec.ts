import { test, expect, type Page } from "@playwright/test";
import { confirmSignUp, ensureAdmin, expectAccessible, watchForErrors, openAccountMenu, signIn } from "./helpers";

const PASSWORD = "a long enough secret";
const ADMIN = "curator@example.org";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

// The first admin is made on the command line, as on a real install.
test.beforeAll(() => ensureAdmin(ADMIN, "Cara Curator", PASSWORD));


const field = (page: Page, name: string) => page.locator(`[name="form[${name}]"]`);

test("an admin creates a draft course, previews, publishes, finds, edits it and sees the audit entry", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, ADMIN, PASSWORD);
  // A wide screen: one header row, the learner's own pages and the admin area under "Account".
  expect((await page.locator(".site-header").boundingBox())!.height).toBeLessThanOrEqual(90);
  await openAccountMenu(page);
  await page.getByRole("link", { name: "Admin" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();

  await page.goto("/admin/resources/new");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "New resource" })).toBeVisible();
  await field(page, "title").fill("Goals of Care Skills Lab");
  await field(page, "slug").fill("goals-of-care-skills-lab");
  await field(page, "kind").selectOption("course");
  await field(page, "summary").fill("A half-day lab practising goals-of-care conversations.");
  await field(page, "body").fill("## Format\n\nSmall groups with **simulated patients**.");
  // The live preview renders the Markdown as the public page will.
  await expect(page.getByRole("region", { name: "Description preview" }).locator("strong")).toHaveText("simulated patients");
  await page.locator('[name="form[schedule][0][title]"]').fill("Skills lab");
  await page.locator('[name="form[schedule][0][starts_at]"]').fill("2027-06-10T13:00:00-04:00");
  await page.locator('[name="form[schedule][0][ends_at]"]').fill("2027-06-10T17:00:00-04:00");
  await page.locator('[name="form[items][0][slug]"]').fill("lab-quiz");
  await page.locator('[name="form[items][0][title]"]').fill("Check your understanding");
  await page.locator('[name="form[items][0][kind]"]').selectOption("quiz");
  await page.locator('[name="form[items][0][pass_percent]"]').fill("100");
  // A new quiz item is saved with its first question.
  await page.locator('[name="form[questions][0][prompt]"]').fill("What comes first?");
  await page.locator('[name="form[questions][0][choices]"]').fill("Ask permission\nShare the prognosis");
  await page.locator('[name="form[questions][0][answer]"]').fill("1");
  await page.getByRole("button", { name: "Create resource" }).click();
  await expect(page).toHaveURL(/\/admin\/resources\/goals-of-care-skills-lab\/edit\?saved=1$/);
  // A draft: the note says who sees it, not that it is live.
  await expect(page.getByText("Saved as a draft. Only admins see it")).toBeVisible();
  await expect(page.locator('[name="form[questions][0][prompt]"]')).toHaveValue("What comes first?");

  // Each save leaves room for one more question.
  await page.locator('[name="form[questions][1][prompt]"]').fill("What do you ask next?");
  await page.locator('[name="form[questions][1][choices]"]').fill("What matters most to you\nWhich drug you prefer");
  await page.locator('[name="form[questions][1][answer]"]').fill("1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Version 2")).toBeVisible();
  await expect(page.locator('[name="form[questions][1][prompt]"]')).toHaveValue("What do you ask next?");
  await expectAccessible(page);

  // Preview, then publish.
  await page.getByRole("link", { name: "Preview the public page" }).click();
  await expect(page.getByRole("heading", { name: "Preview: a draft, not public yet" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Goals of Care Skills Lab" })).toBeVisible();
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("heading", { name: "Preview: this page is live" })).toBeVisible();

  // Clinicians find it at once.
  await page.goto("/search?q=skills+lab");
  await expect(page.getByRole("link", { name: "Goals of Care Skills Lab" })).toBeVisible();

  // Edit it.
  await page.goto("/admin/resources?q=skills");
  await page.getByRole("link", { name: "Goals of Care Skills Lab", exact: true }).click();
  await hydrated(page);
  await field(page, "title").fill("Goals of Care Skills Lab (Spring)");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved. The change is live")).toBeVisible();
  await expect(field(page, "title")).toHaveValue("Goals of Care Skills Lab (Spring)");

  // The audit log names who did it, what and how.
  await page.goto("/admin/audit?target=goals-of-care-skills-lab");
  await expect(page.getByText(ADMIN).first()).toBeVisible();
  await expect(page.getByText("Goals of Care Skills Lab (Spring)").first()).toBeVisible();
  for (const action of ["Created", "Edited", "Published"]) {
    const entries = page.getByRole("table", { name: "Audit log entries, newest first" });
    await expect(entries.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test("the editor asks before unsaved changes are lost, and only for real changes", async ({ page }) => {
  await signIn(page, ADMIN, PASSWORD);
  await page.goto("/admin/resources/vitaltalk-courses/edit");
  await hydrated(page);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const title = field(page, "title");
  const original = await title.inputValue();
  // Typing a field back to what it held, or a script setting the same value, is no change.
  await title.fill(original + " draft");
  await title.fill(original);
  await field(page, "body").fill(await field(page, "body").inputValue());
  await page.locator('a[href="/admin/resources"]').first().click();
  await expect(page).toHaveURL(/\/admin\/resources$/);
  expect(dialogs).toEqual([]);

  // A real change: leaving asks, and staying keeps what was typed.
  await page.goto("/admin/resources/vitaltalk-courses/edit");
  await hydrated(page);
  await field(page, "summary").fill("An unsaved summary.");
  await page.locator('a[href="/admin/resources"]').first().click();
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toContain("not saved");
  await expect(page).toHaveURL(/\/edit$/);
  await expect(field(page, "summary")).toHaveValue("An unsaved summary.");
  // Saving is not leaving: the save posts without a question.
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/edit\?saved=1/);
  await expect(field(page, "summary")).toHaveValue("An unsaved summary.");
  expect(dialogs).toHaveLength(1);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused save draws what was typed, beside its problems", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/me$/);
    await page.goto("/admin/resources/new");
    await field(page, "title").fill("A lab kept after a refusal");
    await field(page, "slug").fill("Not A Slug");
    await field(page, "summary").fill("Typed once, not twice.");
    await field(page, "duration_minutes").fill("ninety");
    await page.locator('[name="form[items][0][title]"]').fill("An item still without its slug");
    await page.getByRole("button", { name: "Create resource" }).click();
    // The refusal waits in the session: the address is the page's own, landing on the problem.
    await expect(page).toHaveURL(/\/admin\/resources\/new#problem$/);
    await expect(page.locator("#problem")).toBeInViewport();
    await expect(field(page, "title")).toHaveValue("A lab kept after a refusal");
    await expect(field(page, "slug")).toHaveValue("Not A Slug");
    await expect(field(page, "summary")).toHaveValue("Typed once, not twice.");
    await expect(field(page, "duration_minutes")).toHaveValue("ninety");
    await expect(field(page, "duration_minutes")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator('[name="form[items][0][title]"]')).toHaveValue("An item still without its slug");
    // Still a blank row to add the next one.
    await expect(page.locator('[name="form[items][1][title]"]')).toHaveValue("");
  });
});

test("a learner gets 403 at /admin and sees nothing of it", async ({ page }) => {
  const since = Date.now();
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Your name").fill("Lee Learner");
  await page.getByLabel("Email").fill("lee@example.org");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, "lee@example.org", since);
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("This is for the hub's admins.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin" })).toHaveCount(0);
  const editor = await page.goto("/admin/resources/new");
  expect(editor?.status()).toBe(403);
});
