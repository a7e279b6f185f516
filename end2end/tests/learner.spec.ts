import { test, expect, type Page } from "@playwright/test";
import { confirmSignUp, mailMatching, expectAccessible, watchForErrors } from "./helpers";

// The seed catalog's first module series: six items to mark, then a quiz (pass mark 80%).
const SERIES = "Palliative Care Module Series Part 1";
const SERIES_URL = "/resources/palliative-care-module-series-part-1";
const ITEMS = ["Presentation 1", "Presentation 2", "Presentation 3", "Presentation 4", "Presentation 5", "Case discussion guides"];
const KEY = [1, 3, 0, 2, 1];
const PASSWORD = "a long enough secret";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

async function answer(page: Page, choices: number[]) {
  for (const [i, c] of choices.entries()) {
    await page.locator(`input[name="answers[${i}]"]`).nth(c).check();
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
}

/** Sign up → bookmark from search → complete items, fail then pass the quiz → dashboard at
 * 100% with a certificate → verify it → export → delete the account. `js` says whether the
 * wasm is running: without it every step is a plain form post and a new page. */
async function learnerPath(page: Page, email: string, js: boolean, errors?: string[]) {
  const since = Date.now();
  await page.goto("/sign-up");
  if (js) await hydrated(page);
  await page.getByLabel("Your name").fill("Ana Ruiz");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email, since);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My learning");
  await expect(page.getByText("Welcome, Ana.")).toBeVisible();
  await page.locator("summary.account-menu__toggle").click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // Bookmark from the search results.
  await page.goto("/search?q=module+series");
  if (js) await hydrated(page);
  const save = page.getByRole("button", { name: `Save “${SERIES}”` });
  await save.click();
  await expect(page.getByRole("button", { name: `Saved “${SERIES}”` })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page).toHaveURL(/\/search\?q=module\+series/);

  // Complete the six items.
  await page.goto(SERIES_URL);
  if (js) await hydrated(page);
  for (const [n, item] of ITEMS.entries()) {
    await page.getByRole("button", { name: `Mark as completed: ${item}` }).click();
    await expect(page.getByText(`${n + 1} of 7 done`)).toBeVisible();
  }
  // A slip of the finger is taken back, then done again.
  const last = ITEMS[ITEMS.length - 1];
  await page.getByRole("button", { name: `Mark as not completed: ${last}` }).click();
  await expect(page.getByText(`${ITEMS.length - 1} of 7 done`)).toBeVisible();
  // Without the wasm the page comes back on the item, not at its top.
  if (!js) await expect(page).toHaveURL(/#item-case-discussion-guides$/);
  await expect(page.locator("#item-case-discussion-guides")).toBeInViewport();
  await page.getByRole("button", { name: `Mark as completed: ${last}` }).click();
  await expect(page.getByText(`${ITEMS.length} of 7 done`)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Mark as completed/ })).toHaveCount(0);

  // The quiz: fail, read why, then pass.
  await page.getByRole("link", { name: "Take the quiz" }).click();
  await expect(page).toHaveURL(/\/quiz\/check-your-understanding$/);
  if (js) await hydrated(page);
  await expect(page.getByRole("heading", { name: "Passed" })).toHaveCount(0);
  // Two left unanswered: refused, naming them, and the three answered stay chosen (without
  // the wasm too, where the page is drawn again).
  const chosen = (i: number) => page.locator(`input[name="answers[${i}]"]`).nth(KEY[i]);
  for (const i of [0, 1, 2]) await chosen(i).check();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByText("Answer questions 4 and 5 before you submit.")).toBeVisible();
  errors?.splice(0); // the refused post (400) is logged by the browser
  for (const i of [0, 1, 2]) await expect(chosen(i)).toBeChecked();
  await expect(page.locator('input[name="answers[3]"]:checked')).toHaveCount(0);
  await answer(
    page,
    KEY.map((k) => (k + 1) % 4),
  );
  await expect(page.getByRole("heading", { name: "Not passed yet" })).toBeVisible();
  if (js) await expect(page.getByRole("heading", { name: "Not passed yet" }), "the verdict takes the focus").toBeFocused();
  await expect(page.getByText("the pass mark is 80%")).toBeVisible();
  // Before a pass the review marks what was wrong without giving the answers away.
  await expect(page.getByText("Not right. The answer shows here once you pass.").first()).toBeVisible();
  await expect(page.getByText("The answer:")).toHaveCount(0);
  await answer(page, KEY);
  await expect(page.getByRole("heading", { name: "Passed", exact: true })).toBeVisible();
  await expect(page.getByText("You passed with 100% (5 of 5 right).")).toBeVisible();
  // The certificate rests on the items now: they stay completed.
  await page.goto(SERIES_URL);
  await expect(page.getByText("7 of 7 done")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Mark as not completed/ })).toHaveCount(0);
  await expect(page.getByText("Completed. Your certificate is under Certificates on My learning.")).toBeVisible();

  // The dashboard: complete at 100%, with a certificate.
  await page.goto("/me");
  if (js) await hydrated(page);
  await expect(page.getByRole("heading", { name: "Completed (1)" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: `Your progress on ${SERIES}` }).first()).toHaveAttribute("value", "100");
  await expect(page.getByRole("heading", { name: "Bookmarked (1)" })).toBeVisible();
  const certificate = page.getByRole("region", { name: "Certificates" }).getByRole("link", { name: SERIES });
  await certificate.click();
  await expect(page).toHaveURL(/\/certificates\/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.getByRole("heading", { name: "Certificate of completion" })).toBeVisible();
  await expect(page.getByText("Ana Ruiz")).toBeVisible();
  const code = page.url().split("/").pop()!;

  // Anyone can check the code, typed in lower case.
  await page.goto("/certificates");
  await page.getByLabel("Certificate code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Check this code" }).click();
  await expect(page.getByText("Ana Ruiz")).toBeVisible();
  await expect(page.getByRole("link", { name: SERIES })).toBeVisible();

  // Export: everything the hub holds, under the same session.
  const exported = await page.request.get("/api/v1/me/export");
  expect(exported.status()).toBe(200);
  const text = await exported.text();
  expect(text).toContain(email);
  expect(text).toContain("palliative-care-module-series-part-1");
  expect(text).not.toContain("argon2");
  const csv = await page.request.get("/api/v1/me/export?format=csv");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("check-your-understanding");

  // Delete the account: afterwards the code no longer verifies.
  await page.goto("/account");
  if (js) await hydrated(page);
  await page.getByLabel("Your password, to confirm").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/goodbye$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account is deleted");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  const gone = await page.request.get(`/certificates/${code}`);
  expect(gone.status()).toBe(404);
}

test("a learner's whole path, hydrated and accessible", async ({ page }) => {
  const errors = watchForErrors(page);
  await learnerPath(page, "ana.js@example.org", true, errors);
  expect(errors).toEqual([]);
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the same learner path works with plain form posts", async ({ page }) => {
    await learnerPath(page, "ana.nojs@example.org", false);
  });
});

test("the learner's pages meet WCAG 2.1 AA and report field errors beside the field", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/sign-up");
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Your name").fill("Bo Lee");
  await page.getByLabel("Email").fill("not an email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // Both mistakes at once, each beside its field.
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-email-error")).toHaveText("Enter an email address like name@example.org.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 10 characters.");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.getByLabel("Password").fill(PASSWORD);
  // The form posts and comes back refused, as a page: nothing goes wrong in the console.
  expect(errors.splice(0)).toEqual([]);
  // Typed values come back with the refusal (never the password).
  await expect(page.getByLabel("Your name")).toHaveValue("Bo Lee");
  await page.getByLabel("Email").fill("bo@example.org");
  const since = Date.now();
  await page.getByRole("button", { name: "Create account" }).click();
  await expectAccessible(page);
  await confirmSignUp(page, "bo@example.org", since);
  await hydrated(page);
  await expectAccessible(page);

  await page.goto(SERIES_URL);
  await hydrated(page);
  await expectAccessible(page);
  await page.goto(`${SERIES_URL}/quiz/check-your-understanding`);
  await hydrated(page);
  await expectAccessible(page);
  await page.goto("/account");
  await hydrated(page);
  await expectAccessible(page);
  await page.goto("/me/bookmarks");
  await hydrated(page);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test("a forgotten password is reset from the mailed link, on a phone, with or without the wasm", async ({ browser }) => {
  for (const js of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const email = `forgetful-${js ? "js" : "nojs"}-${Date.now()}@example.org`;
    let since = Date.now();
    await page.goto("/sign-up");
    if (js) await hydrated(page);
    await page.getByLabel("Your name").fill("Fran Forgetful");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await confirmSignUp(page, email, since);
    await page.context().clearCookies();

    // The sign-in page leads to the reset; asking says the same for any address.
    await page.goto("/sign-in");
    if (js) await hydrated(page);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forgot your password?");
    if (js) {
      await hydrated(page);
      await expectAccessible(page);
    }
    since = Date.now();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a reset link" }).click();
    await expect(page.getByText("If an account uses that address")).toBeVisible();

    // The link opens a page that asks twice; a mismatch is refused beside its field.
    const [path] = await mailMatching(email, /\/reset-password\?token=[0-9a-f]{32}/, since);
    await page.goto(path);
    await expect(page.getByText(`For the account ${email}`)).toBeVisible();
    if (js) {
      await hydrated(page);
      await expectAccessible(page);
    }
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("New password, again").fill("not the same one at all");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.locator("#field-confirm_password-error")).toHaveText("The two new passwords differ. Type the same one twice.");
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("New password, again").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page).toHaveURL(/\/account(\?done=password-reset)?$/);
    await expect(page.getByText("Your new password is set.")).toBeVisible();

    // Used once, the link is dead; the old password no longer signs in, the new one does.
    await page.goto(path);
    await expect(page.getByText("This reset link no longer works.")).toBeVisible();
    await page.context().clearCookies();
    await page.goto("/sign-in");
    if (js) await hydrated(page);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That email and password do not match an account.").first()).toBeVisible();
    await page.getByLabel("Password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/me$/);
    expect(errors).toEqual([]);
    await context.close();
  }
});

test("the weekly digest follows topics and kinds, on a phone, with or without the wasm", async ({ browser }) => {
  for (const js of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const email = `digest-${js ? "js" : "nojs"}-${Date.now()}@example.org`;
    const since = Date.now();
    await page.goto("/sign-up");
    if (js) await hydrated(page);
    await page.getByLabel("Your name").fill("Dana Digest");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await confirmSignUp(page, email, since);

    await page.goto("/account");
    if (js) await hydrated(page);
    await expect(page.getByRole("heading", { name: "What your weekly digest follows" })).toBeVisible();
    await expect(page.getByText("You follow no topic or kind yet.")).toBeVisible();
    const topic = page.getByLabel("Follow a topic");
    const followTopic = page.locator("form:has(#digest-topic)").getByRole("button", { name: "Follow", exact: true });
    // A topic the catalog does not have is refused, and what was typed stays.
    await topic.fill("astrology");
    await followTopic.click();
    await expect(page.getByText('No resource in the catalog has the topic "astrology"', { exact: false }).first()).toBeVisible();
    await expect(page.getByLabel("Follow a topic")).toHaveValue("astrology");
    await page.getByLabel("Follow a topic").fill("pain");
    await followTopic.click();
    await expect(page.getByRole("button", { name: "Stop following pain" })).toBeVisible();
    await page.getByLabel("Follow a kind of resource").selectOption({ label: "Fellowships" });
    await page.locator("form:has(#digest-kind)").getByRole("button", { name: "Follow", exact: true }).click();
    await expect(page.getByRole("button", { name: "Stop following Fellowships" })).toBeVisible();
    await page.getByRole("button", { name: "Stop following pain" }).click();
    await expect(page.getByRole("button", { name: "Stop following pain" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Stop following Fellowships" })).toBeVisible();

    // The digest itself can be turned off.
    const digest = page.getByLabel("Weekly digest", { exact: true });
    await expect(digest).toBeChecked();
    await digest.uncheck();
    await page.getByRole("button", { name: "Save email choices" }).click();
    await expect(page.getByText("Your email choices are saved.")).toBeVisible();
    await page.goto("/account");
    await expect(page.getByLabel("Weekly digest", { exact: true })).not.toBeChecked();
    if (js) {
      await hydrated(page);
      await expectAccessible(page);
    }
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  }
});
