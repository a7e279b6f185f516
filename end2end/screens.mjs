// Screenshots of the journeys at a phone's width (390 px) and a laptop's (1280 px), for
// docs/screens/. Run against a hub serving the seed catalog:
//   node end2end/screens.mjs http://127.0.0.1:3000 docs/screens
// With HUB_ADMIN_EMAIL and HUB_ADMIN_PASSWORD (an admin made with `champion-hub user add
// … --admin`), the admin's journey too. The new learner confirms their address from the mail
// the hub wrote to its outbox folder (HUB_OUTBOX, default ./data/outbox: a hub with no SMTP relay).
import { chromium } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";

/** The confirmation link in the newest message to `to` in the outbox folder. */
async function confirmationLink(to) {
  const dir = process.env.HUB_OUTBOX ?? "data/outbox";
  for (let tries = 0; tries < 100; tries++) {
    const files = readdirSync(dir).filter((f) => f.endsWith(".eml")).map((f) => `${dir}/${f}`);
    files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    for (const file of files) {
      const raw = readFileSync(file, "utf8");
      if (!raw.includes(`<${to}>`)) continue;
      const text = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      const found = text.match(/\/confirm-email\?token=[0-9a-f]{32}/);
      if (found) return found[0];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation link to ${to} in ${dir}`);
}

const [base = "http://127.0.0.1:3000", out = "docs/screens"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const stamp = Date.now();

async function shoot(page, name, width) {
  await page.locator("body[data-hydrated]").waitFor({ timeout: 15_000 }).catch(() => {});
  await page.screenshot({ path: `${out}/${name}-${width}.png` });
}

for (const width of [390, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 800 } });
  const page = await context.newPage();
  // A clinician browsing and searching.
  await page.goto(`${base}/`);
  await shoot(page, "1-home", width);
  await page.goto(`${base}/resources`);
  await shoot(page, "2-browse", width);
  await page.goto(`${base}/search?q=serious+news`);
  await shoot(page, "3-search", width);
  await page.goto(`${base}/resources/core-practice-of-palliative-care`);
  await shoot(page, "4-past-course", width);
  // A learner: sign-up with two mistakes, then their page.
  await page.goto(`${base}/sign-up`);
  await page.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
  await page.getByLabel("Your name").fill("Ana Ruiz");
  await page.getByLabel("Email").fill("not an email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.locator("#field-password-error").waitFor();
  await shoot(page, "5-sign-up-errors", width);
  const email = `ana.${width}.${stamp}@example.org`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
  await shoot(page, "6-check-email", width);
  await page.goto(`${base}${await confirmationLink(email)}`);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await page.waitForURL(/\/me(\?done=confirmed)?$/);
  // The address changes before the page is drawn: wait for it, from its top.
  await page.getByRole("heading", { level: 1, name: "My learning" }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "6-my-learning", width);
  // Filters ticked on a phone: the sheet stays open, its button shows the count.
  await page.goto(`${base}/resources`);
  await page.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
  if (width < 600) await page.locator("summary.filter-sheet__toggle").click();
  await page.getByLabel(/^Course \(\d+\)$/).check();
  await page.waitForURL(/kind=course/);
  await shoot(page, "7-filters", width);
  // A champion: the pledge, a team, its invite link.
  await page.goto(`${base}/account`);
  await page.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
  await shoot(page, "8-account", width);
  for (const box of await page.locator('#pledge-title ~ form input[type="checkbox"]').all()) await box.check();
  await page.getByRole("button", { name: "Take the pledge" }).click();
  await page.getByText("You took the champion pledge").waitFor();
  await page.goto(`${base}/teams`);
  await page.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
  await page.getByLabel("Team name").fill("Ward 7 palliative care");
  await page.getByRole("button", { name: /Create/ }).click();
  await page.waitForURL(/\/teams\/\d+/);
  await page.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
  const invite = page.getByRole("button", { name: /invite link/i }).first();
  if (await invite.count()) {
    await invite.click();
    await page.locator("#invite-url").waitFor();
  }
  await shoot(page, "9-team", width);
  await context.close();
  if (process.env.HUB_ADMIN_EMAIL) {
    const admin = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 800 } });
    const a = await admin.newPage();
    await a.goto(`${base}/sign-in`);
    await a.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
    await a.getByLabel("Email").fill(process.env.HUB_ADMIN_EMAIL);
    await a.getByLabel("Password").fill(process.env.HUB_ADMIN_PASSWORD ?? "");
    await a.getByRole("button", { name: "Sign in" }).click();
    await a.waitForURL(/\/me$/);
    await a.goto(`${base}/admin/users`);
    await shoot(a, "10-admin-users", width);
    await a.goto(`${base}/admin/resources/core-practice-of-palliative-care/edit`);
    await a.locator("body[data-hydrated]").waitFor({ timeout: 15_000 });
    await a.locator('[name="form[title]"]').fill("");
    await a.getByRole("button", { name: "Save changes" }).click();
    await a.locator("[data-error-summary]").waitFor();
    await a.waitForFunction(() => document.activeElement?.hasAttribute("data-error-summary"));
    // The page scrolls to it smoothly.
    await a.waitForFunction(() => {
      const top = document.querySelector("[data-error-summary]")?.getBoundingClientRect().top ?? -1;
      return top >= 0 && top < innerHeight;
    }, null, { timeout: 5_000 });
    await shoot(a, "11-admin-editor-refused", width);
    await admin.close();
  }
}
await browser.close();
