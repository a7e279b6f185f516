import { test, expect, type Browser, type Page } from "@playwright/test";
import { confirmSignUp, expectAccessible, mailMatching, watchForErrors, openAccountMenu } from "./helpers";

// The seed catalog's first module series: seven units, so one done is 14%.
const SERIES = "Palliative Care Module Series Part 1";
const SERIES_URL = "/resources/palliative-care-module-series-part-1";
const PASSWORD = "a long enough secret";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

/** Signs up on the sign-up page already open, confirms the address from the mailed link, and
 * lands on `landing`. */
async function signUp(page: Page, name: string, email: string, js: boolean, landing = "/me") {
  const since = Date.now();
  if (js) await hydrated(page);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email, since, landing);
}

/** A champion creates a team, follows the series and sends an invite link; a colleague with
 * no account opens it, signs up, comes back, joins sharing their progress, and completes an
 * item; the champion sees it as a progress bar and in the CSV. `js`: whether the wasm runs
 * (without it, every button is a plain form post). */
async function teamPath(browser: Browser, js: boolean) {
  const stamp = `${Date.now()}-${js ? "js" : "nojs"}`;
  const leading = await browser.newContext({ javaScriptEnabled: js });
  const lead = await leading.newPage();
  const errors = watchForErrors(lead);

  // The champion: sign up, take the pledge, create the team.
  await lead.goto("/sign-up");
  await signUp(lead, "Rosa Lead", `lead-${stamp}@example.org`, js);
  await lead.goto("/account");
  if (js) await hydrated(lead);
  for (const box of await lead.locator('#pledge-title ~ form input[type="checkbox"]').all()) await box.check();
  await lead.getByRole("button", { name: "Take the pledge" }).click();
  await expect(lead.getByText("You are a palliative care champion.")).toBeVisible();
  // The button that had the focus is gone: the pledge's heading holds it.
  if (js) await expect(lead.locator("#pledge-title")).toBeFocused();
  await openAccountMenu(lead);
  await lead.getByRole("link", { name: "Teams" }).click();
  await expect(lead).toHaveURL(/\/teams$/);
  if (js) await hydrated(lead);
  await lead.getByLabel("Team name").fill(`4 West ${stamp}`);
  await lead.getByRole("button", { name: "Create the team" }).click();
  await expect(lead).toHaveURL(/\/teams\/\d+/);
  await expect(lead.getByRole("heading", { level: 1 })).toHaveText(`4 West ${stamp}`);
  await expect(lead.getByText("Team created.")).toBeVisible();
  if (js) {
    // The notice is said once: the address forgets it, so a reload does not say it again.
    await expect(lead).not.toHaveURL(/done=/);
    await lead.reload();
    await hydrated(lead);
    await expect(lead.getByRole("heading", { level: 1 })).toHaveText(`4 West ${stamp}`);
    await expect(lead.getByText("Team created.")).toHaveCount(0);
  }
  const teamUrl = lead.url().replace(/[?#].*$/, "");
  if (js) await hydrated(lead);

  // It follows the series, and has an invite link.
  await lead.getByLabel("Add a resource or pathway").selectOption({ label: SERIES });
  await lead.getByRole("button", { name: "Follow", exact: true }).click();
  await expect(lead.getByRole("button", { name: `Stop following ${SERIES}` })).toBeVisible();
  await lead.getByRole("button", { name: "Make an invite link" }).click();
  const link = lead.getByLabel("Invite link");
  await expect(link).toHaveValue(/\/teams\/join\/[0-9a-f]{32}$/);
  // With the wasm, the just-made link's Copy has the focus: it is shown this once.
  if (js) await expect(lead.getByRole("button", { name: "Copy the invite link" })).toBeFocused();
  const invite = await link.inputValue();
  await expect(lead.getByText("Nobody has joined yet.")).toBeVisible();

  // Invitations by email: a typo refuses the whole list (what was typed stays), then the guest
  // gets a link of their own, which opens the same join page.
  const guest = `guest-${stamp}@example.org`;
  const addresses = lead.getByLabel("Colleagues' email addresses");
  await addresses.fill(`${guest}, oops@`);
  await lead.getByRole("button", { name: "Send the invitations" }).click();
  await expect(lead.getByText('"oops@" is not an email address', { exact: false }).first()).toBeVisible();
  await expect(addresses).toHaveValue(`${guest}, oops@`);
  const mailedSince = Date.now();
  await addresses.fill(guest);
  await lead.getByRole("button", { name: "Send the invitations" }).click();
  await expect(lead.getByText(`Invitation sent to ${guest}.`)).toBeVisible();
  await expect(lead.getByText(/Waiting, until/)).toBeVisible();
  if (js) await expectAccessible(lead);
  const [mailed] = await mailMatching(guest, /\/teams\/join\/[0-9a-f]{32}/, mailedSince);
  const guestContext = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
  const guestPage = await guestContext.newPage();
  await guestPage.goto(mailed);
  await expect(guestPage.getByRole("heading", { level: 1 })).toHaveText(`Join 4 West ${stamp}`);
  await guestContext.close();

  // A colleague with no account opens the link in their own browser.
  const colleague = await browser.newContext({ javaScriptEnabled: js });
  const member = await colleague.newPage();
  const memberErrors = watchForErrors(member);
  await member.goto(invite);
  await expect(member.getByRole("heading", { level: 1 })).toHaveText(`Join 4 West ${stamp}`);
  await member.getByRole("link", { name: "create an account" }).click();
  await signUp(member, "Sam Member", `member-${stamp}@example.org`, js, new URL(invite).pathname);
  if (js) await hydrated(member);
  const share = member.getByLabel("Share my progress with Rosa Lead");
  await expect(share).not.toBeChecked();
  await share.check();
  await member.getByRole("button", { name: "Join the team" }).click();
  await expect(member.getByText("Welcome to the team.")).toBeVisible();
  await expect(member.getByText("You share your progress with Rosa Lead")).toBeVisible();
  if (js) await expectAccessible(member);

  // They complete the series' first presentation.
  await member.goto(SERIES_URL);
  if (js) await hydrated(member);
  await member.getByRole("button", { name: "Mark as completed: Presentation 1" }).click();
  await expect(member.getByText("1 of 7 done")).toBeVisible();

  // The champion sees it.
  await lead.goto(teamUrl);
  if (js) await hydrated(lead);
  await expect(lead.getByText("1 member shares their progress with you.")).toBeVisible();
  await expect(lead.getByRole("progressbar", { name: `Sam Member on ${SERIES}` })).toHaveAttribute("value", "14");
  await expect(lead.getByText("1 of 1 started · 0 finished")).toBeVisible();
  const csv = await lead.request.get(
    (await lead.getByRole("link", { name: "Download as CSV" }).getAttribute("href"))!,
  );
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`Sam Member,resource,palliative-care-module-series-part-1,${SERIES},14,started`);
  if (js) await expectAccessible(lead);

  // The member stops sharing: the champion sees only a count.
  await member.goto(teamUrl);
  if (js) await hydrated(member);
  await member.getByRole("button", { name: "Stop sharing my progress" }).click();
  await expect(member.getByText("You don't share your progress.")).toBeVisible();
  await lead.goto(teamUrl);
  await expect(lead.getByText("1 member does not")).toBeVisible();
  await expect(lead.getByText("Sam Member")).toHaveCount(0);

  expect(errors).toEqual([]);
  expect(memberErrors).toEqual([]);
  await colleague.close();
  await leading.close();
}

test("a champion's team: invite, join, share, and the champion sees it, hydrated", async ({ browser }) => {
  await teamPath(browser, true);
});

test("a champion's team, with JavaScript off", async ({ browser }) => {
  await teamPath(browser, false);
});
