import { test, expect } from "@playwright/test";
import { expectAccessible, expectHydrated, expectPageHydrated, watchForErrors } from "./helpers";

test("home → browse → filter → detail, hydrated", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Learn palliative care. Bring it to your team.");
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Browse" }).click();
  await expect(page).toHaveURL(/\/resources$/);
  await expectHydrated(page);
  await expectAccessible(page);

  // Only the wasm makes a ticked box apply itself: no click on "Apply filters" here.
  await page.getByLabel(/^Course \(\d+\)$/).check();
  await expect(page).toHaveURL(/\/resources\?kind=course/);
  await expect(page.locator("#results-count")).toContainText("resource");
  await expect(page.getByRole("link", { name: "Core Practice of Palliative Care" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Hospice and Palliative Medicine Fellowship" })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("link", { name: "Core Practice of Palliative Care" }).click();
  await expect(page).toHaveURL(/\/resources\/core-practice-of-palliative-care$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Core Practice of Palliative Care");
  await expect(page.getByText("Eastern Time (UTC−04:00)")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Wednesday, May 13, 2026", exact: true })).toBeVisible();
  await expect(page.getByText("$1,995").first()).toBeVisible();
  await expect(page).toHaveTitle("Core Practice of Palliative Care · Champion Hub");
  await expectAccessible(page);

  expect(errors).toEqual([]);
});

test("what a visitor types or ticks before the page hydrates is kept", async ({ page }) => {
  const errors = watchForErrors(page);
  // Hold the wasm back, as a slow phone network does: the page is plain HTML until it arrives.
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await arrived;
    await route.continue();
  });
  await page.goto("/resources", { waitUntil: "domcontentloaded" });
  const searchBox = page.getByRole("combobox", { name: "Search the hub" });
  await searchBox.fill("grief");
  await page.getByLabel(/^Course \(\d+\)$/).check();
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  await expect(page).toHaveURL(/\/resources$/);

  release();
  await expectHydrated(page);
  // The box ticked early applies itself, and the typing is still there.
  await expect(page).toHaveURL(/\/resources\?kind=course/);
  await expect(page.getByLabel(/^Course \(\d+\)$/)).toBeChecked();
  await expect(page.getByRole("link", { name: "Hospice and Palliative Medicine Fellowship" })).toHaveCount(0);
  await expect(searchBox).toHaveValue("grief");
  await searchBox.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=grief/);
  expect(errors).toEqual([]);
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the same path works with plain links and a GET form", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Browse" }).click();
    await expect(page.locator(".filters__hint")).toHaveText("Choose filters, then apply them.");
    await page.getByLabel(/^Course \(\d+\)$/).check();
    await expect(page).toHaveURL(/\/resources$/);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/\/resources\?kind=course/);
    await expect(page.getByLabel(/^Course \(\d+\)$/)).toBeChecked();
    await page.getByRole("link", { name: "Core Practice of Palliative Care" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Core Practice of Palliative Care");
    await expect(page.getByRole("heading", { name: "Friday, May 15, 2026", exact: true })).toBeVisible();
  });
});

test("pathway, organization and 404 pages are accessible", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/pathways/champion-starter-path");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/resources/harvard-medical-school-center-for-palliative-care");
  await expect(page.getByRole("heading", { name: "Resources they provide" })).toBeVisible();
  await expectAccessible(page);

  const resp = await page.goto("/resources/no-such-thing");
  expect(resp?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await expectAccessible(page);
  // The 404 page logs the failed status of its own load; anything else is an error.
  expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
});

test("the site's files are hashed, precompressed and cached for good", async ({ page, request }) => {
  await page.goto("/");
  // The main module and its glue, as the start script names them (the split pieces of this
  // page are preloaded beside them once the page has painted).
  const start = (await page.content()).match(/import\("([^"]+)"\)[^<]*module_or_path: "([^"]+)"/);
  expect(start, "the start script names the glue and the wasm").not.toBeNull();
  const [jsUrl, wasmUrl] = [start![1], start![2]];
  const cssUrl = await page.locator('link[rel="stylesheet"]').first().getAttribute("href");
  for (const url of [wasmUrl, jsUrl, cssUrl]) {
    // A release build names each file for its content (cargo-leptos hash-files).
    expect(url).toMatch(/^\/pkg\/champion-hub\.[A-Za-z0-9_-]{16,}\.(wasm|js|css)$/);
  }

  const wasm = await request.get(wasmUrl!, { headers: { "accept-encoding": "br, gzip" } });
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()["content-type"]).toBe("application/wasm");
  // Compressed when it was built, not per request.
  expect(wasm.headers()["content-encoding"]).toBe("br");
  expect(wasm.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const bytes = await wasm.body();
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
  const gzipped = await request.get(jsUrl!, { headers: { "accept-encoding": "gzip" } });
  expect(gzipped.headers()["content-encoding"]).toBe("gzip");

  // A browser asking whether its copy is current is answered without the body.
  const lastModified = wasm.headers()["last-modified"];
  expect(lastModified).toBeTruthy();
  const again = await request.get(wasmUrl!, { headers: { "if-modified-since": lastModified } });
  expect(again.status()).toBe(304);

  // The plain names are gone, so no browser keeps a stale copy under them.
  expect((await request.get("/pkg/champion-hub.wasm")).status()).toBe(404);
  const icon = await request.get("/favicon.svg");
  expect(icon.headers()["cache-control"]).toBe("public, no-cache");
});

test.describe("on a phone (390 px wide)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const path of ["/resources", "/search?q=palliative"]) {
    test(`${path}: the first result is on the first screen, and the folded filters apply`, async ({ page }) => {
      const errors = watchForErrors(page);
      await page.goto(path);
      await expectHydrated(page);
      const firstCard = page.locator(".browse__results :is(.card, .result)").first();
      const box = await firstCard.boundingBox();
      expect(box, "a first result").not.toBeNull();
      expect(box!.y, "the first result starts on the first screen").toBeLessThan(844 - 120);
      // The filters are one line above the results until opened.
      const course = page.getByLabel(/^Course \(\d+\)$/);
      await expect(course).toBeHidden();
      const toggle = page.locator("summary.filter-sheet__toggle");
      await expect(toggle).toBeVisible();
      await toggle.click();
      await course.check();
      await expect(page).toHaveURL(/kind=course/);
      // The sheet stays open for the next box; its button leads back to the count.
      await page.locator(".filter-sheet__done").click();
      await expect(page.locator("#results-count")).toBeInViewport();
      await expect(page.locator("#results-count"), "focus goes on from the results, not the page's top").toBeFocused();
      if (path.startsWith("/search")) {
        await expect(page.locator(".site-header input[type=search]"), "one search box on the search page").toHaveCount(0);
      }
      await expect(toggle).toContainText("1 chosen");
      await expectAccessible(page);
      expect(errors).toEqual([]);
    });
  }

  test("the header is two short rows, its links one tap away under Menu", async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto("/");
    await expectPageHydrated(page);
    const header = await page.locator(".site-header").boundingBox();
    expect(header!.height, "the header's height").toBeLessThanOrEqual(130);
    await expect(page.locator(".site-header input[type=search]")).toBeInViewport();
    const browse = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Browse" });
    await expect(browse).toBeHidden();
    await page.locator("summary.site-menu__toggle").click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await browse.click();
    await expect(page).toHaveURL(/\/resources$/);
    await expect(browse, "the menu closes as the page changes").toBeHidden();
    // Escape closes an open menu too.
    await page.locator("summary.site-menu__toggle").click();
    await expect(browse).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(browse).toBeHidden();
    expect(errors).toEqual([]);
  });

  test("a past course says so first, with its key facts right under its title", async ({ page }) => {
    await page.goto("/resources/core-practice-of-palliative-care");
    await expectPageHydrated(page);
    const note = page.getByRole("note");
    await expect(note).toContainText("This has ended.");
    await expect(note).toBeInViewport();
    const dates = page.locator(".facts__row", { hasText: "Dates" });
    await expect(dates).toContainText("Ended");
    const box = await dates.boundingBox();
    expect(box!.y, "the dates are on the first two screens").toBeLessThan(2 * 844);
    await expect(page.locator(".facts__row", { hasText: "Cost when it ran" })).toBeVisible();
    await expectAccessible(page);
  });

  test("the folded filters open and apply without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto("/resources");
    await page.locator("summary.filter-sheet__toggle").click();
    await page.getByLabel(/^Course \(\d+\)$/).check();
    // The button at the foot of the screen applies the ticks: no scrolling to the form's end,
    // and no count that the ticks have not changed yet.
    const done = page.locator(".filter-sheet__done");
    await expect(done).toBeInViewport();
    await expect(done).toHaveAccessibleName("Apply filters");
    await done.click();
    await expect(page).toHaveURL(/\/resources\?kind=course/);
    await expect(page.locator(".browse__results :is(.card, .result)").first()).toBeInViewport();
    await context.close();
  });
});

test("on a wide screen the filters stand open beside the results", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/resources");
  await expect(page.getByLabel(/^Course \(\d+\)$/)).toBeVisible();
  await expect(page.locator("summary.filter-sheet__toggle")).toBeHidden();
  const filters = await page.locator(".filters").boundingBox();
  const results = await page.locator(".browse__results").boundingBox();
  expect(filters!.x + filters!.width, "the filters are a column left of the results").toBeLessThanOrEqual(results!.x);
});

test("on a wide screen the header is one row, and a learner's pages sit under Account", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await expectPageHydrated(page);
  const header = await page.locator(".site-header").boundingBox();
  expect(header!.height, "one row").toBeLessThanOrEqual(90);
  await expect(page.locator("summary.site-menu__toggle")).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Browse" })).toBeVisible();
  const search = await page.locator(".site-header input[type=search]").boundingBox();
  expect(search!.width, "room for the placeholder").toBeGreaterThanOrEqual(250);
});

test("a past course is not featured, and its card says it ended", async ({ page }) => {
  await page.goto("/");
  const featured = page.locator("section", { has: page.getByRole("heading", { name: "Featured" }) });
  await expect(featured.getByRole("link", { name: "Palliative Care Module Series Part 1" })).toBeVisible();
  await expect(featured.getByRole("link", { name: "Core Practice of Palliative Care" })).toHaveCount(0);
  await page.goto("/resources?kind=course");
  const card = page.locator(".card", { hasText: "Core Practice of Palliative Care" });
  await expect(card.locator(".fact--past")).toHaveText("Ended");
  await page.goto("/search?q=core+practice");
  const result = page.locator(".result", { hasText: "Core Practice of Palliative Care" }).first();
  await expect(result.locator(".fact--past")).toHaveText("Ended");
  await expect(result).toContainText("Harvard");
});

test("a cost no resource states is not offered as a filter", async ({ page }) => {
  await page.goto("/resources");
  const cost = page.getByRole("group", { name: "Cost, where stated" });
  // The seed catalog states some costs; whatever it offers, no choice reads "(0)".
  for (const label of await cost.locator("label").allTextContents()) {
    expect(label).not.toMatch(/\(0\)$/);
  }
});

// Pages are drawn on the server; only their islands (the header's search, the filters, a Copy
// button, the editor's preview) run in the browser, so one small wasm serves every page.
test("a first visit loads one small wasm: the islands, at most 300 KB brotli", async ({ page, request }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
  });
  await page.goto("/resources");
  await expectHydrated(page);
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/pkg\/champion-hub\.[^/]+\.wasm$/);
  const served = await request.get(wasm[0], { headers: { "Accept-Encoding": "br" } });
  expect(served.headers()["content-encoding"]).toBe("br");
  const size = Number(served.headers()["content-length"]);
  expect(size, `${wasm[0]}: ${size} bytes brotli`).toBeGreaterThan(10_000);
  expect(size, `${wasm[0]}: ${size} bytes brotli`).toBeLessThanOrEqual(300_000);
});

// Nothing of the code is fetched before the page has painted: no preload links in the head;
// the start script names the one wasm every page uses.
test("each page's head names the same wasm, and preloads nothing", async ({ request }) => {
  const names = new Set<string>();
  for (const path of ["/", "/resources", "/search?q=pain", "/sign-in", "/resources/core-practice-of-palliative-care"]) {
    const html = await (await request.get(path)).text();
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head.match(/<link [^>]*rel="(module)?preload"/g) ?? [], path).toEqual([]);
    const named = /\/pkg\/champion-hub\.[^"\/]+\.wasm/.exec(head)?.[0];
    expect(named, path).toBeTruthy();
    names.add(named!);
  }
  expect(names.size).toBe(1);
});
