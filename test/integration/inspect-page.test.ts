import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { type Browser, chromium, type Page } from "playwright-core";
import { EINSTEIN, request, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";
import { TEST_ADMIN_KEY } from "../support/credentials.ts";

// A real headless Chromium (Debian's `chromium`; `.ci/run` installs it) against two nodes on one broker and
// database: the page is served by the first and must show the second from the retained MQTT state.
const CHROMIUM = "/usr/bin/chromium";
// The README's screenshots are refreshed with GUTTERS_SCREENSHOTS=docs; otherwise they go to a temporary folder.
const SCREENSHOTS = process.env.GUTTERS_SCREENSHOTS ?? tmpdir();
const KEY = TEST_ADMIN_KEY;

let first: TestSystem;
let second: TestSystem;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let page: Page;
const seenAuthorization: string[] = [];
const seenUrls: string[] = [];

beforeAll(async () => {
  if (!(await Bun.file(CHROMIUM).exists())) {
    throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  }
  const root = `gutters-test/${uniqueName("inspect")}`;
  const dbName = uniqueName("inspect");
  first = await startTestSystem({ root, dbName, nodeId: uniqueName("first") });
  second = await startTestSystem({ root, dbName, nodeId: uniqueName("second"), modules: "numerology,lunar" });
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, fetch: (req) => first.app.handle(req) });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("request", (sent) => {
    seenUrls.push(sent.url());
    const authorization = sent.headers().authorization;
    if (authorization !== undefined) seenAuthorization.push(authorization);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop(true);
  await second?.dispose();
  await first?.dispose();
});

const actorCard = (node: string, module: string) => page.locator(`section[data-node="${node}"] article[data-module="${module}"]`);

describe("/inspect in a headless browser", () => {
  test("lists every module of both nodes with its state lit, and sends the key from the fragment as a bearer token", async () => {
    await page.goto(`http://127.0.0.1:${server.port}/inspect#key=${KEY}`);
    for (const module of ["numerology", "human_design", "astrology"]) {
      const card = actorCard(first.nodeId, module);
      await card.locator(".diagram[data-state='ready']").waitFor({ timeout: 15_000 });
      expect(await card.locator("g.lit").getAttribute("data-box")).toBe("ready");
      expect(await card.locator(".state").textContent()).toBe("ready");
    }
    // The second node is known only through the broker's retained presence and actor summaries.
    await actorCard(second.nodeId, "numerology").waitFor({ timeout: 15_000 });
    await actorCard(second.nodeId, "lunar").locator(".diagram").waitFor();
    expect(await page.locator(`section[data-node="${second.nodeId}"] .pill.online`).count()).toBe(1);
    expect(await page.locator("#connection").getAttribute("data-state")).toBe("live");
    // No XState internals on the page.
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).not.toMatch(/x:\d|xstate|\.module\./);
    expect(seenAuthorization).toContain(`Bearer ${KEY}`);
    expect(seenUrls.some((url) => url.includes(KEY))).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/inspect.png`, fullPage: true });
  });

  test("shows the state change and the finished job after a user is posted", async () => {
    const processed = page.locator('article[data-module="numerology"] dd', { hasText: "1 processed" });
    expect(await processed.count()).toBe(0);
    const created = await request(first, "POST", "/v1/users", EINSTEIN);
    expect(created.status).toBe(201);
    // The feed shows the module actor entering `working` from the live stream, then leaving it.
    await page.locator("#feed li", { hasText: /ready → working/ }).first().waitFor({ timeout: 15_000 });
    await page.locator("#feed li", { hasText: /working → ready/ }).first().waitFor({ timeout: 15_000 });
    // Work is shared with the second node, so whichever handled the job shows one more processed.
    await processed.first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/inspect-after-user.png`, fullPage: true });
  });

  test("a node that stops is shown offline, without the actors it cleared, and the feed says so", async () => {
    await second.stop();
    const node = page.locator(`section[data-node="${second.nodeId}"]`);
    await node.locator(".pill.offline").waitFor({ timeout: 15_000 });
    expect(await node.locator("article").count()).toBe(0);
    await page.locator("#feed li", { hasText: `node ${second.nodeId}` }).waitFor({ timeout: 5000 });
    expect(await page.locator("#feed li", { hasText: `node ${second.nodeId}` }).first().textContent()).toContain("is offline");
  });

  test("/docs renders every path of /openapi.json without a network beyond the node", async () => {
    // A page of its own: leaving /inspect would abort its live stream, which is not a failure of /docs.
    const docs = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const failed: string[] = [];
    docs.on("requestfailed", (sent) => failed.push(sent.url()));
    const document = (await (await request(first, "GET", "/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).filter((key) => key !== "parameters").length, 0);
    await docs.goto(`http://127.0.0.1:${server.port}/docs`);
    await docs.locator(".opblock").first().waitFor({ timeout: 15_000 });
    expect(await docs.locator(".opblock").count()).toBe(operations);
    expect(await docs.locator(".title").first().textContent()).toContain("GUTTERS");
    expect(failed).toEqual([]);
    await docs.screenshot({ path: `${SCREENSHOTS}/api-reference.png`, fullPage: false });
  });
});
