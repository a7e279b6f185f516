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

/** Where the hub under test writes its mail: the embedded default has no SMTP relay, so each
 * message is an .eml file in the data directory's outbox. */
const OUTBOX = "../target/e2e-data/outbox";

/** The text of a MIME message's parts, each decoded (quoted-printable or base64). */
function decodedParts(raw: string): string {
  const out: string[] = [];
  for (const part of raw.split(/\r?\n--/)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const head = part.slice(0, split).toLowerCase();
    const body = part.slice(split).trim();
    if (head.includes("content-transfer-encoding: base64")) {
      out.push(Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8"));
    } else if (head.includes("content-transfer-encoding: quoted-printable")) {
      const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      out.push(Buffer.from(bytes, "latin1").toString("utf8"));
    } else {
      out.push(body);
    }
  }
  return out.join("\n");
}

/** Waits for a message to `to` whose decoded text matches `pattern`, written after `since`
 * (ms since the epoch); the match. */
export async function mailMatching(to: string, pattern: RegExp, since: number): Promise<RegExpMatchArray> {
  const { existsSync, readdirSync, readFileSync, statSync } = await import("node:fs");
  for (let tries = 0; tries < 150; tries++) {
    const files = existsSync(OUTBOX) ? readdirSync(OUTBOX).filter((f) => f.endsWith(".eml")) : [];
    for (const name of files) {
      const path = `${OUTBOX}/${name}`;
      if (statSync(path).mtimeMs < since - 2000) continue;
      const raw = readFileSync(path, "utf8");
      if (!raw.includes(`<${to}>`) && !raw.includes(`To: ${to}`)) continue;
      const found = decodedParts(raw).match(pattern);
      if (found) return found;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no message to ${to} matching ${pattern} in ${OUTBOX}`);
}

/** After "Create account": the page says to check the inbox; the confirmation link in the mail
 * opens a page whose button confirms the address and signs in, landing on `landing` (a path;
 * "/me" by default), with or without the wasm. */
export async function confirmSignUp(page: Page, email: string, since: number, landing = "/me") {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  const [, path] = await mailMatching(email, /(\/confirm-email\?token=[0-9a-f]{32}(?:&next=[^\s"<&]*)?)/, since);
  await page.goto(path);
  await expect(page.getByText(`Confirm that ${email} is your address`)).toBeVisible();
  await page.getByRole("button", { name: "Confirm my address" }).click();
  const escaped = landing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await expect(page).toHaveURL(new RegExp(`${escaped}(\\?done=confirmed)?$`));
}

/** Signs up `name` as `email` on the sign-up page (hydrated first when `js`) and confirms the
 * address from the mail, landing on "My learning". */
export async function signUp(page: Page, name: string, email: string, password: string, js: boolean) {
  const since = Date.now();
  await page.goto("/sign-up");
  if (js) await expectPageHydrated(page);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmSignUp(page, email, since);
}
