import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";

/** Fails the test on any script error or console error: a dead wasm shows up here. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** axe-core finds no violations (WCAG 2.1 A and AA) on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** Waits until the wasm has hydrated the page: the browse filters say they apply live. */
export async function expectHydrated(page: Page) {
  await expect(page.locator(".filters__hint")).toHaveText("Results update as you choose.", { timeout: 15_000 });
}

/** Waits until the wasm has hydrated whatever page is open (the page marks the body). */
export async function expectPageHydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

/** Signs in through the sign-in page, hydrated, and lands on "My learning". */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await expectPageHydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me$/);
}

/** Opens the header's "Account" menu, where a learner's own pages are listed. */
export async function openAccountMenu(page: Page) {
  const toggle = page.locator("summary.account-menu__toggle");
  if ((await toggle.locator("xpath=..").getAttribute("open")) === null) await toggle.click();
}

/**
 * Makes `email` an admin on the command line, as on a real install, beside the running server.
 * Playwright runs beforeAll again in a fresh worker after a failure, so the account may exist.
 */
export function ensureAdmin(email: string, name: string, password: string) {
  const hub = (args: string[]) =>
    execFileSync("../target/release/champion-hub", [...args, "--data-dir", "../target/e2e-data"], {
      input: `${password}\n`,
      env: { ...process.env, RUST_LOG: "warn" },
      stdio: ["pipe", "pipe", "pipe"],
    });
  try {
    hub(["user", "add", email, "--name", name, "--admin"]);
  } catch {
    hub(["user", "promote", email, "--role", "admin"]);
  }
}
