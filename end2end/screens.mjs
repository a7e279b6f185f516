// Screenshots of the journeys at a phone's width (390 px) and a laptop's (1280 px), for
// docs/screens/. Run against a hub serving the seed catalog:
//   node end2end/screens.mjs http://127.0.0.1:3000 docs/screens
import { chromium } from "@playwright/test";

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
  await page.getByLabel("Email").fill(`ana.${width}.${stamp}@example.org`);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/me$/);
  await shoot(page, "6-my-learning", width);
  await context.close();
}
await browser.close();
