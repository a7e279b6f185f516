import { test, expect, type Page } from "@playwright/test";
import { compactVerify, createLocalJWKSet, base64url, type JSONWebKeySet } from "jose";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { ensureAdmin, expectAccessible, signIn, signUp, watchForErrors } from "./helpers";

const PASSWORD = "a long enough secret";
const ADMIN = "credential-keeper@example.org";
/** A recorded session of the seed catalog: one press completes it. */
const SESSION = "/resources/what-it-means-to-be-a-palliative-care-champion";
const SESSION_TITLE = "What It Means to Be a Palliative Care Champion";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

/** The credential's payload, verified with jose (from npm) against the key set the hub publishes. */
async function verified(page: Page, jws: string) {
  const jwks = (await (await page.request.get("/.well-known/jwks.json")).json()) as JSONWebKeySet;
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ["EdDSA"] });
  expect(protectedHeader.typ).toBe("vc+jwt");
  return JSON.parse(new TextDecoder().decode(payload));
}

/** Whether the status list the credential names (verified first) marks it revoked, read with
 * Digital Bazaar's bitstring status list library (from npm). */
async function revoked(page: Page, credential: any): Promise<boolean> {
  const entry = credential.credentialStatus;
  expect(entry.type).toBe("BitstringStatusListEntry");
  const list = await verified(page, await (await page.request.get(entry.statusListCredential)).text());
  const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
  return bits.getStatus(Number(entry.statusListIndex));
}

test.beforeAll(() => ensureAdmin(ADMIN, "Kim Keeper", PASSWORD));

test("a certificate is a signed credential: checked in the browser and with outside libraries, downloaded, revoked by an admin, at both widths", async ({ browser }) => {
  // Several people, widths and a browser with and without the wasm: more than one page's 30 s.
  test.setTimeout(90_000);
  // A learner on a phone completes a recorded session and opens its certificate.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await signUp(page, "Vera Verified", `credential-${Date.now()}@example.org`, PASSWORD, true);
  await page.goto(SESSION);
  await hydrated(page);
  await page.getByRole("button", { name: "Mark as completed" }).first().click();
  await expect(page.getByRole("button", { name: "Mark as completed" })).toHaveCount(0);
  await page.goto("/me");
  await page.getByRole("region", { name: "Certificates" }).getByRole("link", { name: SESSION_TITLE }).click();
  await expect(page).toHaveURL(/\/certificates\/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  const code = page.url().split("/").pop()!;
  await hydrated(page);

  // The browser checks the signature and the status list itself.
  const check = page.locator(".credential-check");
  await expect(check).toHaveAttribute("data-checked", "valid", { timeout: 15_000 });
  await expect(check).toContainText("Checked by your browser: the signature is Champion Hub's");
  await expect(page.getByRole("link", { name: /Add to LinkedIn/ })).toHaveAttribute("href", /linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/);
  await expectAccessible(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The JSON download holds the signed credential; jose verifies it, and refuses it once one
  // byte of what was signed changes.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the credential (JSON)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`champion-hub-certificate-${code}.json`);
  const enveloped = JSON.parse((await (await file.createReadStream()).toArray()).join(""));
  expect(enveloped.type).toBe("EnvelopedVerifiableCredential");
  const jws: string = enveloped.id.replace("data:application/vc+jwt,", "");
  const credential = await verified(page, jws);
  expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
  expect(credential.credentialSubject.identifier[0].identityHash).toBe("Vera Verified");
  expect(credential.credentialSubject.achievement.name).toBe(SESSION_TITLE);
  const [header, payload, signature] = jws.split(".");
  const bytes = base64url.decode(payload);
  bytes[bytes.indexOf("V".charCodeAt(0))] = "W".charCodeAt(0);
  const forged = [header, base64url.encode(bytes), signature].join(".");
  await expect(verified(page, forged)).rejects.toThrow("signature verification failed");
  expect(await revoked(page, credential)).toBe(false);

  // The PDF certificate.
  const pdf = await page.request.get(`/certificates/${code}/certificate.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  expect(errors).toEqual([]);
  await context.close();

  // An admin, at desktop width, revokes it behind a second press, with a reason.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, ADMIN, PASSWORD);
    await page.goto(`/certificates/${code}`);
    await hydrated(page);
    await page.locator("summary", { hasText: "Revoke" }).click();
    await page.getByRole("button", { name: "Revoke the certificate" }).click();
    await expect(page.getByText("say why the certificate is revoked", { exact: false }).first()).toBeVisible();
    await page.getByLabel("Why it is revoked").fill("Completed on a shared account");
    await page.getByRole("button", { name: "Revoke the certificate" }).click();
    await expect(page.locator(".certificate__revoked")).toContainText("Revoked on");
    await expect(page.locator(".credential-check")).toHaveAttribute("data-checked", "revoked", { timeout: 15_000 });
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  }

  // Anyone, without the wasm at phone width, sees it revoked; the outside libraries agree.
  {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/certificates/${code}`);
    await expect(page.getByText(/Revoked on .*: it no longer shows|Revoked on/).first()).toBeVisible();
    await expect(page.locator(".credential-check")).toHaveAttribute("data-checked", "waiting");
    await expect(page.getByRole("link", { name: /Add to LinkedIn/ })).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const jws = await (await page.request.get(`/certificates/${code}/credential.jwt`)).text();
    expect(await revoked(page, await verified(page, jws))).toBe(true);
    await context.close();
  }
});

test("a learner downloads a transcript as PDF and CSV from the credits page, with and without the wasm", async ({ browser }) => {
  // Several people, widths and a browser with and without the wasm: more than one page's 30 s.
  test.setTimeout(90_000);
  for (const [js, width] of [[true, 390], [false, 1280]] as const) {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signUp(page, "Tess Transcript", `transcript-${js ? "js" : "nojs"}-${Date.now()}@example.org`, PASSWORD, js);
    await page.goto(SESSION);
    if (js) await hydrated(page);
    await page.getByRole("button", { name: "Mark as completed" }).first().click();
    await expect(page.getByRole("button", { name: "Mark as completed" })).toHaveCount(0);

    await page.goto("/me/credits");
    if (js) await hydrated(page);
    const section = page.locator("#transcript");
    await expect(section.getByRole("heading", { name: "Transcript" })).toBeVisible();
    // Impossible days come back with a reason.
    await section.getByLabel("From").fill("2026-02-01");
    await section.getByLabel("To").fill("2026-01-01");
    await section.getByRole("button", { name: "Download CSV" }).click();
    await expect(page.getByText("The transcript could not be made from those choices", { exact: false })).toBeVisible();
    const again = page.locator("#transcript");
    const csv = page.waitForEvent("download");
    await again.getByRole("button", { name: "Download CSV" }).click();
    const csvFile = await csv;
    expect(csvFile.suggestedFilename()).toMatch(/^ce-transcript-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await (await csvFile.createReadStream()).toArray()).join("");
    expect(text).toContain("completed_on,title,provider,credit_type,amount");
    const pdf = page.waitForEvent("download");
    await page.locator("#transcript").getByRole("button", { name: "Download PDF" }).click();
    expect((await pdf).suggestedFilename()).toMatch(/\.pdf$/);
    if (js) await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(errors).toEqual([]);
    await context.close();
  }
});
