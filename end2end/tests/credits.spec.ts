import { test, expect, type Page } from "@playwright/test";
import { ensureAdmin, expectAccessible, signIn, signUp, watchForErrors } from "./helpers";

const PASSWORD = "a long enough secret";
const ADMIN = "credits-curator@example.org";

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

test.beforeAll(() => ensureAdmin(ADMIN, "Cora Credits", PASSWORD));

test("a nurse tracks a licence: a board rule with its source, an outside activity with its certificate, at both widths, with and without the wasm", async ({ browser }) => {
  // Several people, widths and a browser with and without the wasm: more than one page's 30 s.
  test.setTimeout(90_000);
  // An admin keeps a board rule (at phone width), with the page it comes from.
  const rule = `Fixture board rule ${Date.now()}`;
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, ADMIN, PASSWORD);
    await page.goto("/admin/credits");
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1, name: "Credits" })).toBeVisible();
    const form = page.locator("#templates form").last();
    await form.getByLabel("Name", { exact: true }).fill(rule);
    await form.getByLabel("Profession").selectOption({ label: "Registered nurse" });
    await form.getByLabel("Board", { exact: true }).fill("Fixture Board of Nursing");
    await form.getByLabel("Cycle (months)").fill("24");
    await form.getByLabel("Hours in the cycle").fill("3");
    await form.getByLabel("ANCC contact hours").check();
    await form.getByLabel("Topic 1").selectOption({ label: "Pain" });
    await form.getByLabel("Hours", { exact: true }).first().fill("2");
    await form.getByLabel("Checked on").fill("2026-11-30");
    // No source: refused, and what was typed stays.
    await form.getByRole("button", { name: "Add the rule" }).click();
    await expect(page.getByText("Enter the address of the board's page that states the rule", { exact: false }).first()).toBeVisible();
    const again = page.locator("#templates form").last();
    await expect(again.getByLabel("Name", { exact: true })).toHaveValue(rule);
    await again.getByLabel("The board's page that states the rule").fill("https://example.org/fixture-board/renewal");
    await again.getByRole("button", { name: "Add the rule" }).click();
    await expect(page.getByText("The board rule is saved.")).toBeVisible();
    await expect(page.getByRole("heading", { name: rule })).toBeVisible();
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  }

  for (const [js, width] of [[true, 390], [false, 1280]] as const) {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signUp(page, "Nora Nurse", `credits-${js ? "js" : "nojs"}-${Date.now()}@example.org`, PASSWORD, js);

    await page.goto("/me/credits");
    await expect(page.getByRole("heading", { level: 1, name: "Credits and licences" })).toBeVisible();
    await expect(page.getByText("None yet. Add one below")).toBeVisible();

    // Start from the rule: its source is shown, its figures fill the form.
    const add = page.locator("#add-licence");
    await add.getByLabel("Start from a board's rule").selectOption({ label: rule });
    await add.getByRole("button", { name: "Use this rule" }).click();
    await expect(page.locator("#add-licence").getByRole("link", { name: "https://example.org/fixture-board/renewal" })).toBeVisible();
    const form = page.locator("#add-licence form").last();
    await expect(form.getByLabel("Hours required in the cycle")).toHaveValue("3");
    await expect(form.getByLabel("ANCC contact hours")).toBeChecked();
    // A mistake first: refused, what was typed stays.
    const year = new Date().getFullYear();
    await form.getByLabel("Licence or certificate number").fill("RN-778899");
    await form.getByLabel("Cycle's first day").fill(`${year}-01-01`);
    await form.getByLabel("Hours required in the cycle").fill("three");
    await form.getByRole("button", { name: "Add the licence" }).click();
    await expect(page.getByText("Enter the hours the cycle requires as a number", { exact: false }).first()).toBeVisible();
    const fixed = page.locator("#add-licence form").last();
    await expect(fixed.getByLabel("Licence or certificate number")).toHaveValue("RN-778899");
    await fixed.getByLabel("Hours required in the cycle").fill("3");
    await fixed.getByRole("button", { name: "Add the licence" }).click();
    await expect(page.getByText("The licence is saved.")).toBeVisible();
    const licence = page.locator("article.licence").first();
    await expect(licence.getByRole("heading", { name: "Registered nurse · Fixture Board of Nursing" })).toBeVisible();
    await expect(licence.getByText("0 of 3 hours")).toBeVisible();
    await expect(licence.getByText(/Due in \d+ days/)).toBeVisible();
    await expect(licence.getByText("Number RN-778899 (only you see it)")).toBeVisible();

    // An activity taken elsewhere, on the pain topic.
    const outside = page.locator("#outside form").last();
    await outside.getByLabel("Title", { exact: true }).fill("Opioid stewardship webinar");
    await outside.getByLabel("Provider").fill("A state nurses association");
    await outside.getByLabel("Finished on").fill(`${year}-01-15`);
    await outside.getByLabel("Credit awarded").fill("1.5");
    await outside.getByLabel("Credit type").selectOption({ label: "ANCC contact hours" });
    await outside.getByText("Topics it covered").click();
    await outside.getByLabel("Pain", { exact: true }).check();
    await outside.getByRole("button", { name: "Record the activity" }).click();
    await expect(page.getByText("The activity is recorded. Attach its certificate below.")).toBeVisible();
    await expect(page.locator("article.licence").first().getByText("1.5 of 3 hours")).toBeVisible();
    await expect(page.locator("article.licence").first().getByText("1.5 of 2 hours")).toBeVisible();

    // Its certificate: a text file is refused, a PDF is kept and downloads.
    const item = page.locator("#outside li.credit-item").first();
    await item.getByLabel("Attach the certificate").setInputFiles({ name: "certificate.txt", mimeType: "text/plain", buffer: Buffer.from("not a certificate") });
    await item.getByRole("button", { name: /^Attach to / }).click();
    await expect(page.getByText("That file is not a PDF, PNG or JPEG.", { exact: false })).toBeVisible();
    await page.locator("#outside li.credit-item").first().getByLabel("Attach the certificate").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.locator("#outside li.credit-item").first().getByRole("button", { name: /^Attach to / }).click();
    await expect(page.getByText("The certificate file is attached.")).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download certificate.pdf" }).click();
    expect((await download).suggestedFilename()).toBe("certificate.pdf");

    if (js) {
      await hydrated(page);
      await expectAccessible(page);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    // Removing the activity takes a second, explicit press.
    const row = page.locator("#outside li.credit-item").first();
    await row.locator("summary", { hasText: "Remove" }).click();
    await row.getByLabel("Yes, remove this activity").check();
    await row.getByRole("button", { name: "Remove the activity" }).click();
    await expect(page.getByText("The activity and its certificate file are removed.")).toBeVisible();
    await expect(page.locator("article.licence").first().getByText("0 of 3 hours")).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  }
});
