import {
  test,
  expect,
  request as apiRequest,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { confirmSignUp, ensureAdmin, mailMatching } from "../tests/helpers";
import { readFileSync } from "node:fs";
import * as path from "node:path";

// Stored XSS: every payload of payloads.json goes into every kind of text field that
// reaches a page (the catalog's fields through one admin upload, account names, bookmark notes,
// search queries, synonym comments, bulk-upload reports), then every page that shows them is
// opened twice: with JavaScript off (the server's HTML as parsed) and after the wasm hydrated.
// On each, the DOM must hold no trace of live markup from the data: no `__xss` call, no dialog,
// no `on*` attribute, no `javascript:`/`vbscript:`/`data:text/html` URL, no script without the
// page's CSP nonce, no frame, object, embed or base element.

const PASSWORD = "a long enough secret";
const ADMIN = "xss-curator@example.org";
const LEARNER = "xss-learner@example.org";
const PAYLOADS: string[] = JSON.parse(readFileSync(path.join(__dirname, "payloads.json"), "utf8"));
/** Pages opened at once in each browser context. */
const TABS = 4;

/** Greedy groups of whole payloads whose space-joined text fits in `max` characters. */
function pack(items: string[], max: number, most = Infinity): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const item of items) {
    if (item.length > max) throw new Error(`payload longer than ${max} characters: ${item}`);
    const grown = current.length === 0 ? item.length : length + 1 + item.length;
    if (current.length > 0 && (grown > max || current.length >= most)) {
      groups.push(current);
      current = [item];
      length = item.length;
    } else {
      current.push(item);
      length = grown;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
const joined = (group: string[]) => group.join(" ");
const pick = (prefix: string) => PAYLOADS.find((p) => p.startsWith(prefix)) ?? PAYLOADS[0];

// Titles allow 300 characters: one resource (and one organization, one pathway) per group.
const GROUPS = pack(PAYLOADS, 300);
const R = GROUPS.length;
// Search queries are cut to 200 characters; account names allow 100.
const QUERIES = pack(PAYLOADS, 200);
const NAMES = pack(PAYLOADS, 100);
const ADMIN_NAME = pick('"><img src=x onerror');
const LEARNER_NAME = pick("<svg/onload");
const PROFESSION = pick("<img src=x onerror=window.__xss(");
const DISCIPLINE = pick("</script><script>");
const MEMBER_NAME = pick("<iframe");
const TEAM_NAMES = pack(PAYLOADS.filter((p) => p.length <= 80), 80);
// Collections' names allow 80 characters too; a note on an entry, 280.
const COLLECTION_NAMES = TEAM_NAMES;
const NOTES = pack(PAYLOADS.filter((p) => p.length <= 280), 280);
const KINDS = ["module_series", "recorded_session", "course", "fellowship", "certificate_program", "program", "guide"];
/** Payloads that can ride in an http(s) URL (the format's URL pattern forbids whitespace). */
const urlSafe = (p: string) => /^[\x21-\x7e]+$/.test(p);

const res = (i: number) => `xss-res-${i}`;
const org = (i: number) => `xss-org-${i}`;
const pathway = (i: number) => `xss-path-${i}`;

/** Markdown that puts each payload in block, list, quote, inline, link-text and table contexts. */
function markdown(group: string[]): string {
  return [
    `## ${joined(group)}`,
    ...group,
    group.map((p) => `- ${p}`).join("\n"),
    group.map((p) => `> ${p}`).join("\n"),
    `Inline: ${joined(group)} **${joined(group)}**`,
    `[${joined(group)}](https://example.org/)`,
    ["| cell |", "| --- |", ...group.map((p) => `| ${p} |`)].join("\n"),
  ].join("\n\n");
}

/** "2027-03-01T08:40:00-05:00": the k-th session of a day, 40 minutes apart. */
function at(k: number, plus = 0): string {
  const minutes = 8 * 60 + 40 * k + plus;
  const two = (n: number) => String(n).padStart(2, "0");
  return `2027-03-01T${two(Math.floor(minutes / 60))}:${two(minutes % 60)}:00-05:00`;
}

function organization(i: number): Record<string, unknown> {
  const group = GROUPS[i];
  const text = joined(group);
  return {
    slug: org(i),
    kind: "organization",
    title: text,
    summary: text,
    body: markdown(group),
    url: `https://example.org/o/${i}?${group.find(urlSafe) ?? "x"}`,
    tags: group.filter((p) => p.length <= 60),
    location: text,
    status: "published",
  };
}

function resource(i: number): Record<string, unknown> {
  const group = GROUPS[i];
  const text = joined(group);
  const link = group.find(urlSafe) ?? "x";
  const questions = pack(group, 2000, 10).map((g) => ({
    prompt: joined(g),
    choices: g.length >= 2 ? g : [...g, "None of these"],
    answer: 0,
    explanation: joined(g),
  }));
  return {
    slug: res(i),
    kind: KINDS[i % KINDS.length],
    title: text,
    summary: text,
    body: markdown(group),
    url: `https://example.org/r/${i}?${link}`,
    provider: org(i),
    audiences: ["adult"],
    tags: group.filter((p) => p.length <= 60),
    format: "on_demand",
    duration_minutes: 90,
    language: "en",
    location: text,
    cost: { free: false, currency: "USD", amount: 10, notes: text },
    credits: group.map((p) => ({ type: p, amount: 1 })),
    starts_on: "2027-03-01",
    ends_on: "2027-03-02",
    schedule: group.map((p, k) => ({
      title: p,
      starts_at: at(k),
      ends_at: at(k, 30),
      ...(p.length <= 60 ? { track: p } : {}),
    })),
    items: [
      { slug: "part", title: text, kind: "presentation", summary: text, url: `https://example.org/i/${i}?${link}`, duration_minutes: 10 },
      { slug: "check", title: text, kind: "quiz", summary: text, quiz: { pass_percent: 100, questions } },
    ],
    status: "published",
    featured: true,
  };
}

const CATALOG = {
  format: "champion-hub-catalog",
  version: 1,
  resources: [...GROUPS.map((_, i) => organization(i)), ...GROUPS.map((_, i) => resource(i))],
  pathways: GROUPS.map((g, i) => ({ slug: pathway(i), title: joined(g), summary: joined(g), steps: [res(i), org(i)] })),
};
const QUESTION_COUNT = GROUPS.map((g) => pack(g, 2000, 10).length);

/** For the bulk-upload page: a dry run that would change every title (the report lists them). */
const CHANGED_CATALOG = {
  format: "champion-hub-catalog",
  version: 1,
  resources: GROUPS.map((_, i) => ({ ...resource(i), title: joined(GROUPS[(i + 1) % R]), location: joined(GROUPS[(i + 2) % R]) })),
};
/** …and one whose problems quote the payloads back: bad slugs, kinds, languages, unknown fields. */
const BROKEN_CATALOG = {
  format: "champion-hub-catalog",
  version: 1,
  resources: PAYLOADS.map((p) => ({ slug: p, kind: p, title: p, summary: p, language: p, [p]: true })),
};

// The admin is made on the command line, as on a real install; their name is a payload too.
test.beforeAll(() => ensureAdmin(ADMIN, ADMIN_NAME, PASSWORD));

/** Runs in every page before the hub's own scripts: any payload that runs is recorded. */
function recordExecution() {
  const hits: string[] = [];
  Object.defineProperty(window, "__xssHits", { value: hits });
  Object.defineProperty(window, "__xss", {
    value: (n: unknown) => {
      hits.push(`window.__xss(${String(n)}) ran`);
    },
  });
  document.addEventListener(
    "securitypolicyviolation",
    (e) => hits.push(`CSP blocked ${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
    true,
  );
}

/** Everything in the DOM that live markup from the data would leave behind; [] when clean. */
function inspectDom(nonce: string | null): string[] {
  const problems: string[] = [];
  const show = (el: Element) => el.outerHTML.slice(0, 200);
  // What browsers ignore inside a URL's scheme: whitespace, control and invisible characters.
  const squash = (v: string) =>
    v.replace(/[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+/g, "").toLowerCase();
  const URL_ATTRIBUTES = new Set([
    "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background",
    "dynsrc", "lowsrc", "codebase", "code", "archive", "classid", "srcset", "values", "to", "from", "by",
  ]);
  const BAD_URL = /^(javascript:|vbscript:|data:text\/html)/;
  const FORBIDDEN = new Set([
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "bgsound",
    "animate", "animatemotion", "animatetransform", "set", "discard", "handler", "listener",
  ]);
  // Elements the hub never renders outside sanitized Markdown (`.prose`) and search snippets:
  // finding one elsewhere means text was rendered as HTML.
  const MARKUP_ONLY = new Set([
    "img", "video", "audio", "source", "picture", "math", "marquee", "keygen", "isindex", "xmp",
    "listing", "noscript", "template", "style", "link", "meta", "image", "foreignobject", "svg",
  ]);
  const elements: Element[] = [];
  const walk = (root: Document | DocumentFragment) => {
    for (const el of Array.from(root.querySelectorAll("*"))) {
      elements.push(el);
      if (el instanceof HTMLTemplateElement) walk(el.content);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  for (const el of elements) {
    const tag = el.localName.toLowerCase();
    if (FORBIDDEN.has(tag)) problems.push(`<${tag}> element: ${show(el)}`);
    if (el instanceof HTMLUnknownElement) problems.push(`unknown element <${tag}> (markup from the data): ${show(el)}`);
    const inHead = el.closest("head") !== null;
    const sanitized = el.closest(".prose, .result__snippet") !== null;
    const hubChart = el.closest("svg.bar-chart") !== null;
    if (MARKUP_ONLY.has(tag) && !inHead && !sanitized && !hubChart) {
      problems.push(`<${tag}> outside sanitized Markdown (text rendered as HTML): ${show(el)}`);
    }
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`event handler attribute ${name}: ${show(el)}`);
      if (name === "srcdoc") problems.push(`srcdoc attribute: ${show(el)}`);
      if ((URL_ATTRIBUTES.has(name) || name.endsWith(":href")) && BAD_URL.test(squash(attr.value))) {
        problems.push(`${name} is a script URL: ${show(el)}`);
      }
      if (name === "style" && /expression\(|javascript:|vbscript:|behavior:|-moz-binding/.test(squash(attr.value))) {
        problems.push(`script in a style attribute: ${show(el)}`);
      }
    }
    if (tag === "script") {
      const script = el as HTMLScriptElement;
      const own = script.nonce || script.getAttribute("nonce") || "";
      const src = script.getAttribute("src");
      if (nonce === null || own !== nonce || (src !== null && !src.startsWith("/pkg/"))) {
        problems.push(`script that is not the hub's own (nonce ${own ? "differs" : "missing"}): ${show(el)}`);
      }
    }
    if (tag === "meta" && /refresh/i.test(el.getAttribute("http-equiv") ?? "")) {
      problems.push(`meta refresh: ${show(el)}`);
    }
    if (tag === "style" && /expression\(|javascript:|@import/.test(squash(el.textContent ?? ""))) {
      problems.push(`script in a style element: ${show(el)}`);
    }
  }
  return problems;
}

type Visit = {
  url: string;
  /** Text the page's `main` must contain: the payloads really are on it. */
  contains?: string;
  /** Something to do on the page before it is inspected (it may navigate). */
  act?: (page: Page, js: boolean) => Promise<void>;
};

async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 20_000 });
}

async function watchedContext(browser: Browser, baseURL: string, js: boolean, from?: BrowserContext) {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: js,
    storageState: from ? await from.storageState() : undefined,
  });
  await context.addInitScript(recordExecution);
  return context;
}

/** Opens each page in `context` (a few tabs at once) and returns what is wrong on each. */
async function visitAll(context: BrowserContext, js: boolean, visits: Visit[]): Promise<string[]> {
  const state = js ? "hydrated" : "JavaScript off";
  const failures: string[] = [];
  const queue = [...visits];
  const tab = async () => {
    const page = await context.newPage();
    const events: string[] = [];
    let csp = "";
    page.on("dialog", (d) => {
      events.push(`${d.type()} dialog opened: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    page.on("pageerror", (e) => events.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) events.push(`console error: ${m.text()}`);
    });
    page.on("response", (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
        csp = r.headers()["content-security-policy"] ?? "";
      }
    });
    for (let next = queue.shift(); next; next = queue.shift()) {
      const visit: Visit = next;
      events.length = 0;
      const where = `${state} ${visit.url}`;
      const act = visit.act;
      // A failed step is reported, and the page is inspected all the same.
      const attempt = async (what: string, step: () => Promise<unknown>) => {
        try {
          await step();
          return true;
        } catch (e) {
          failures.push(`${where}: ${what} failed: ${(e as Error).message.split("\n")[0]}`);
          return false;
        }
      };
      const opened = await attempt("opening", async () => {
        const response = await page.goto(visit.url);
        if (response?.status() !== 200) failures.push(`${where}: status ${response?.status()}`);
      });
      if (!opened) continue;
      if (js) await attempt("hydration", () => hydrated(page));
      if (act) await attempt("acting on the page", () => act(page, js));
      await attempt("inspecting", async () => {
        const url = page.url();
        // Long enough for autofocus, media errors, animations and a zero-second refresh.
        await page.waitForTimeout(js ? 250 : 50);
        if (page.url() !== url) failures.push(`${where}: the page navigated away to ${page.url()}`);
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? null;
        const problems = await page.evaluate(inspectDom, nonce);
        if (js) problems.push(...(await page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits)));
        problems.push(...events);
        if (visit.contains !== undefined) {
          const text = await page.evaluate(() => document.querySelector("main")?.textContent ?? "");
          if (!text.includes(visit.contains)) problems.push(`the page does not show ${JSON.stringify(visit.contains.slice(0, 80))}…`);
        }
        failures.push(...problems.map((p) => `${where}: ${p}`));
      });
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: Math.min(TABS, queue.length) }, tab));
  return failures;
}

/** The same pages with JavaScript off and hydrated, side by side. */
async function visitBoth(contexts: [BrowserContext, BrowserContext], visits: Visit[]): Promise<string[]> {
  const [off, on] = await Promise.all([visitAll(contexts[0], false, visits), visitAll(contexts[1], true, visits)]);
  return [...off, ...on];
}

/** A JSON request that must succeed; the body of a failure is the message. */
async function ok(response: Promise<APIResponse>, what: string) {
  const r = await response;
  expect(r.ok(), `${what}: ${r.status()} ${(await r.text()).slice(0, 2000)}`).toBe(true);
  return r;
}

async function inBatches<T>(items: T[], size: number, each: (item: T, index: number) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, k) => each(item, start + k)));
  }
}

const searchUrl = (q: string) => `/search?q=${encodeURIComponent(q)}`;

test("no payload in any stored or searched text runs, on any page, before or after hydration", async ({ browser, baseURL }) => {
  test.setTimeout(600_000);
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(120);
  expect(new Set(PAYLOADS).size).toBe(PAYLOADS.length);
  const origin = baseURL!;
  const headers = { Origin: origin };
  const failures: string[] = [];

  // The admin signs in through the JSON API and uploads the whole catalog in one file.
  const admin = await watchedContext(browser, origin, true);
  await ok(admin.request.post("/api/v1/session", { data: { email: ADMIN, password: PASSWORD }, headers }), "admin sign-in");
  await ok(admin.request.post("/api/v1/admin/catalog?dry_run=true", { data: CATALOG, headers }), "catalog dry run");
  const upload = await ok(admin.request.post("/api/v1/admin/catalog?dry_run=false", { data: CATALOG, headers }), "catalog upload");
  expect((await upload.json()).dry_run).toBe(false);
  const detail = await ok(admin.request.get(`/api/v1/resources/${res(0)}`), "an imported resource");
  expect((await detail.json()).title).toBe(joined(GROUPS[0]));

  // Synonym comments are text an admin page shows too.
  const synonyms = await ok(admin.request.get("/api/v1/admin/synonyms"), "synonyms");
  const body = `${(await synonyms.json()).body.trimEnd()}\n${PAYLOADS.map((p) => `# ${p}`).join("\n")}\n`;
  await ok(admin.request.put("/api/v1/admin/synonyms", { data: { body }, headers }), "saving synonyms");

  // A learner signs up through the form with payloads for name, profession and discipline.
  const learner = await watchedContext(browser, origin, true);
  const signUp = await learner.newPage();
  const signedUpAt = Date.now();
  await signUp.goto("/sign-up");
  await hydrated(signUp);
  await signUp.getByLabel("Your name").fill(LEARNER_NAME);
  await signUp.getByLabel("Email").fill(LEARNER);
  await signUp.getByLabel("Password").fill(PASSWORD);
  await signUp.getByLabel("Profession").fill(PROFESSION);
  await signUp.getByLabel("Discipline or specialty").fill(DISCIPLINE);
  await signUp.getByRole("button", { name: "Create account" }).click();
  // The confirmation mail (to a payload-named person) and its page: the address confirmed.
  await confirmSignUp(signUp, LEARNER, signedUpAt);
  await signUp.close();

  // Bookmarks with payload notes; every unit done; every quiz passed, and every other one
  // then failed, so its page reviews a wrong answer (the pass stays).
  await inBatches(GROUPS, 6, async (group, i) => {
    const note = { note: joined(group) };
    await ok(learner.request.put(`/api/v1/me/bookmarks/${res(i)}`, { data: note, headers }), `bookmark ${res(i)}`);
    await ok(learner.request.put(`/api/v1/me/bookmarks/${org(i)}`, { data: note, headers }), `bookmark ${org(i)}`);
    const done = { data: { status: "completed" }, headers };
    await ok(learner.request.put(`/api/v1/me/progress/${res(i)}/items/part`, done), `progress on ${res(i)}`);
    await ok(learner.request.put(`/api/v1/me/progress/${org(i)}/items/${org(i)}`, done), `progress on ${org(i)}`);
    const attempt = `/api/v1/me/quizzes/${res(i)}/items/check/attempts`;
    const right = Array.from({ length: QUESTION_COUNT[i] }, () => 0);
    await ok(learner.request.post(attempt, { data: { answers: right }, headers }), `passing ${res(i)}`);
    if (i % 2 === 1) {
      await ok(learner.request.post(attempt, { data: { answers: right.map(() => 1) }, headers }), `failing ${res(i)}`);
    }
  });
  const exported = await (await ok(learner.request.get("/api/v1/me/export"), "learner export")).json();
  const certificates: string[] = exported.certificates.map((c: { code: string }) => c.code);
  expect(certificates.length).toBeGreaterThan(0);

  // More accounts, whose names (and, where an address allows it, emails) are payloads.
  const visitor: APIRequestContext = await apiRequest.newContext({ baseURL: origin });
  await inBatches(NAMES, 8, async (group, j) => {
    const name = joined(group);
    const local = group.length === 1 && /^[^\s@]+$/.test(name) ? name : `learner${j}`;
    for (const email of [`${local}@xss${j}.example.org`, `learner${j}@xss${j}.example.org`]) {
      const r = await visitor.post("/api/v1/accounts", {
        data: { name, email, password: PASSWORD, profession: name, discipline: name },
        // Each sign-up from an address of its own (198.18.0.0/15 is for benchmarks): the hub
        // throttles sign-ups per address, and this is a crowd, not one client.
        headers: { ...headers, "x-forwarded-for": `198.18.${j >> 8}.${j & 255}` },
      });
      if (r.status() === 202) return;
      const error = await r.json().catch(() => ({}));
      if (error?.error?.param !== "email") expect(r.status(), `sign-up of ${JSON.stringify(name)}: ${JSON.stringify(error)}`).toBe(202);
    }
  });
  // A few role changes, so the audit log names payload-named accounts.
  const someUsers = await (await ok(admin.request.get("/api/v1/admin/users?q=xss"), "users")).json();
  for (const user of someUsers.users.filter((u: { email: string }) => u.email !== ADMIN).slice(0, 5)) {
    await ok(admin.request.put(`/api/v1/admin/users/${user.id}/roles/champion`, { headers }), "granting champion");
  }

  const learnerOff = await watchedContext(browser, origin, false, learner);
  const adminOff = await watchedContext(browser, origin, false, admin);

  // Teams: the learner takes the pledge and leads a team per group of payloads (a team's name
  // holds at most 80 characters); a payload-named colleague joins the first, sharing progress,
  // so the champion's progress table shows their name. The forms' server functions are read off
  // the pages, as a browser would post to them.
  await ok(learner.request.post("/api/v1/me/pledge", {
    data: { commitments: ["communication", "integration", "access", "team"] },
    headers,
  }), "the champion pledge");
  const actionOf = async (context: BrowserContext, url: string, selector: string) => {
    const page = await context.newPage();
    await page.goto(url);
    const action = await page.locator(selector).getAttribute("action");
    await page.close();
    expect(action, `${selector} on ${url}`).toMatch(/^\/rpc\//);
    return action!;
  };
  const json = { ...headers, Accept: "application/json" };
  const createTeam = await actionOf(learnerOff, "/teams", 'form:has(input[name="name"])');
  const teamIds: number[] = [];
  await inBatches(TEAM_NAMES, 8, async (group, i) => {
    const r = await ok(learner.request.post(createTeam, { form: { name: joined(group) }, headers: json }), `team ${i}`);
    teamIds[i] = await r.json();
  });
  const firstTeam = `/teams/${teamIds[0]}`;
  const invite = await actionOf(learnerOff, firstTeam, 'form:has(select[name="days"])');
  // The hub keeps only a digest of the link: its address comes once, in the answer that made it.
  const made = await (await ok(learner.request.post(invite, { form: { team: String(teamIds[0]), days: "7" }, headers: json }), "an invite link")).json();
  const focus = await actionOf(learnerOff, firstTeam, 'form:has(select[name="item"])');
  for (const item of [`resource:${res(0)}`, `pathway:${pathway(0)}`]) {
    await ok(learner.request.post(focus, { form: { team: String(teamIds[0]), item, follow: "true" }, headers: json }), `following ${item}`);
  }
  const joinPath = new URL(made.url).pathname;
  const colleague = await apiRequest.newContext({ baseURL: origin });
  const colleagueAt = Date.now();
  await ok(colleague.post("/api/v1/accounts", {
    data: { name: MEMBER_NAME, email: "xss-member@example.org", password: PASSWORD },
    headers,
  }), "a payload-named colleague");
  // Confirmed (a team needs it) through the mailed link's button, which also signs in.
  const [, confirmToken] = await mailMatching("xss-member@example.org", /\/confirm-email\?token=([0-9a-f]{32})/, colleagueAt);
  await ok(colleague.post("/rpc/confirm_email", { form: { token: confirmToken }, headers: json }), "confirming the colleague");
  await ok(colleague.put(`/api/v1/me/progress/${res(0)}/items/part`, { data: { status: "completed" }, headers }), "their progress");
  // The champion's own join page says they are in the team already; an outsider's has the form.
  const join = await actionOf(adminOff, joinPath, 'form:has(input[name="token"])');
  await ok(colleague.post(join, { form: { token: joinPath.split("/").pop()!, share: "on" }, headers: json }), "joining");
  const progress = await (await ok(learner.request.get(`/api/v1/teams/${teamIds[0]}/progress`), "team progress")).json();
  expect(progress.sharing).toEqual([MEMBER_NAME]);
  await colleague.dispose();

  // Collections: one per group of payloads by name; the first holds a resource per group of
  // notes, each note a group of payloads, and is shared with the first team and by link.
  const createCollection = await actionOf(learnerOff, "/collections", 'form:has(input[name="name"])');
  const collectionIds: number[] = [];
  await inBatches(COLLECTION_NAMES, 8, async (group, i) => {
    const r = await ok(learner.request.post(createCollection, { form: { name: joined(group) }, headers: json }), `collection ${i}`);
    collectionIds[i] = await r.json();
  });
  const firstCollection = `/collections/${collectionIds[0]}`;
  const addEntry = await actionOf(learnerOff, firstCollection, 'form:has(select[name="slug"])');
  for (const [i, group] of NOTES.entries()) {
    const slug = res(i % R);
    await ok(learner.request.post(addEntry, {
      form: { collection: String(collectionIds[0]), slug: i < R ? slug : org(i % R), note: joined(group) },
      headers: json,
    }), `entry ${i}`);
  }
  const shareTeam = await actionOf(learnerOff, firstCollection, 'form:has(select[name="team"])');
  await ok(learner.request.post(shareTeam, { form: { collection: String(collectionIds[0]), team: String(teamIds[0]) }, headers: json }), "sharing with the team");
  const shareLink = await actionOf(learnerOff, firstCollection, 'form:has(input[name="on"])');
  await ok(learner.request.post(shareLink, { form: { collection: String(collectionIds[0]), on: "true" }, headers: json }), "a collection link");
  // Shown once, on the collection's page that follows making it.
  const shelfPage = await (await ok(learner.request.get(firstCollection), "the collection's page")).text();
  const shelfLink = shelfPage.match(/\/collections\/shared\/[0-9a-f]{32}/)![0];

  // Searches whose queries are payloads, in batches of the 20 queries the analytics page lists:
  // each batch is searched more often than the last, so it tops the report seen after it.
  const batches = pack(QUERIES.map(joined), Infinity, 20);
  for (const [k, batch] of batches.entries()) {
    await test.step(`search batch ${k + 1} of ${batches.length}`, async () => {
      failures.push(
        ...(await visitBoth(
          [learnerOff, learner],
          batch.map((q) => ({
            url: searchUrl(q),
            act: async (page: Page) => {
              const value = await page.locator("#search-page-q").inputValue();
              if (value !== q) failures.push(`search ${JSON.stringify(q.slice(0, 60))}: the box holds ${JSON.stringify(value.slice(0, 60))}`);
            },
          })),
        )),
      );
      for (let extra = 0; extra < 3 * k; extra++) {
        await inBatches(batch, 10, (q) => ok(visitor.get(searchUrl(q)), "search"));
      }
      failures.push(...(await visitBoth([adminOff, admin], [{ url: "/admin/search" }])));
    });
  }

  const pages = async (api: string, perPage: number) => {
    const total: number = (await (await ok(admin.request.get(api), api)).json()).total;
    return Array.from({ length: Math.max(1, Math.ceil(total / perPage)) }, (_, p) => p + 1);
  };
  const each = GROUPS.map((_, i) => i);

  await test.step("public and learner pages", async () => {
    const visits: Visit[] = [
      {
        url: "/",
        // Once the wasm runs, the header's search box suggests payload titles as you type.
        act: async (page, js) => {
          if (!js) return;
          await page.locator("#site-search").pressSequentially("window");
          await expect(page.locator("#site-search-list [role=option]").first()).toBeVisible({ timeout: 10_000 });
        },
      },
      { url: "/resources" },
      { url: "/resources?per_page=100" },
      { url: "/resources?kind=course&per_page=100" },
      { url: "/resources?kind=organization&per_page=100" },
      { url: "/resources?audience=adult&free=false&credits=true&per_page=100" },
      ...each.map((i) => ({ url: `/resources/${res(i)}`, contains: joined(GROUPS[i]) })),
      ...each.map((i) => ({ url: `/resources/${org(i)}`, contains: joined(GROUPS[i]) })),
      ...each.map((i) => ({ url: `/resources/${res(i)}/quiz/check?review=latest`, contains: joined(GROUPS[i]) })),
      ...each.map((i) => ({ url: `/pathways/${pathway(i)}`, contains: joined(GROUPS[i]) })),
      { url: "/me" },
      { url: "/me/bookmarks?per_page=100", contains: joined(GROUPS[0]) },
      { url: "/account" },
      { url: "/teams" },
      ...teamIds.filter((_, i) => i % 10 === 0).map((id) => ({ url: `/teams/${id}` })),
      { url: joinPath },
      { url: "/collections" },
      ...collectionIds.filter((_, i) => i % 10 === 0).map((id) => ({ url: `/collections/${id}` })),
      { url: shelfLink, contains: joined(NOTES[0]).trim() },
      ...certificates.map((code) => ({ url: `/certificates/${code}`, contains: LEARNER_NAME })),
    ];
    failures.push(...(await visitBoth([learnerOff, learner], visits)));
  });

  await test.step("admin pages", async () => {
    const visits: Visit[] = [
      { url: "/admin" },
      { url: "/admin/resources" },
      { url: "/admin/resources?q=xss-res" },
      { url: "/admin/resources?q=xss-org" },
      ...(await pages("/api/v1/admin/audit", 50)).map((p) => ({ url: `/admin/audit?page=${p}` })),
      ...(await pages("/api/v1/admin/users", 50)).map((p) => ({ url: `/admin/users?page=${p}` })),
      { url: "/admin/synonyms" },
      // Mail written to payload-named people, read by admins.
      { url: `/admin/outbox?to=${encodeURIComponent(LEARNER)}`, contains: LEARNER_NAME },
      { url: "/admin/outbox" },
      { url: joinPath, contains: LEARNER_NAME },
      // A reader's view of the shared collection, through its link.
      { url: shelfLink, contains: joined(NOTES[0]).trim() },
      ...each.map((i) => ({
        url: `/admin/resources/${res(i)}/edit`,
        // Once the wasm runs, the editor previews the Markdown as it is typed (sanitized HTML).
        act: async (page: Page, js: boolean) => {
          if (!js) return;
          const body = page.locator('[name="form[body]"]');
          await body.fill(await body.inputValue());
          // The preview appears once the server has rendered it; its body may be empty, since
          // the sanitizer can remove every payload in a field.
          await expect(page.getByRole("region", { name: "Description preview" })).toBeVisible({ timeout: 20_000 });
        },
      })),
      { url: `/admin/resources/${org(0)}/edit` },
      ...each.map((i) => ({ url: `/admin/resources/${res(i)}/preview`, contains: joined(GROUPS[i]) })),
    ];
    failures.push(...(await visitBoth([adminOff, admin], visits)));
  });

  // Bulk upload dry runs: the report of changes, then the list of problems, show the payloads
  // (one file at a time, and one browser after the other: the form posts, and the server keeps
  // each report in the admin's session for the page it sends the browser to; the two browsers
  // here share one session, whose writes at the same moment would overwrite each other).
  for (const [what, file] of [["changes", CHANGED_CATALOG], ["problems", BROKEN_CATALOG]] as const) {
    await test.step(`bulk upload dry run: ${what}`, async () => {
      const visit: Visit = {
        url: "/admin/catalog",
        act: async (page, js) => {
          await page.locator("#catalog-file").fill(JSON.stringify(file));
          await page.getByRole("button", { name: "Check (dry run)" }).click();
          if (!js) await page.waitForURL(/\/admin\/catalog\?upload=/);
          await expect(page.locator(".import-report")).toBeVisible({ timeout: 30_000 });
        },
      };
      failures.push(...(await visitAll(adminOff, false, [visit])));
      failures.push(...(await visitAll(admin, true, [visit])));
    });
  }

  await visitor.dispose();
  expect(failures, `${failures.length} problem(s)`).toEqual([]);
});
