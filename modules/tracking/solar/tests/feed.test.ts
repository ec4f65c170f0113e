import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { emptySolarFeedState, fetchSolarFeeds } from "../feed.ts";
import type { SolarUrls } from "../schemas.ts";
import { payloadText } from "./cases.ts";

/** Payloads in NOAA's real shapes (tracking-cases.json) served by a local server, plus the failure modes. */
const routes: Record<string, string> = {
  "/kp1m": payloadText("swpc-kp1m-latest"),
  "/kp3h-legacy": payloadText("swpc-kp3h-legacy-format"),
  "/kp3h-objects": payloadText("swpc-kp3h-object-format"),
  "/xray": payloadText("swpc-xrays-split-bands"),
  "/mag": payloadText("swpc-mag-legacy"),
  "/wind": payloadText("swpc-rtsw-wind-active"),
  "/wind-nan": payloadText("swpc-rtsw-wind-active").replace("277.4", "NaN"),
  "/truncated": payloadText("swpc-kp1m-latest").slice(0, 50),
};

let server: ReturnType<typeof Bun.serve>;
let base = "";
const pending: Array<() => void> = [];

// The local server is on loopback, which feed URLs may name only when the operator allows the host.
const allowBefore = process.env.GUTTERS_FEED_ALLOW_HOSTS;

beforeAll(() => {
  process.env.GUTTERS_FEED_ALLOW_HOSTS = "127.0.0.1";
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      // Never answers until the test ends: the client must give up on its own timeout.
      if (path === "/hang") return new Promise<Response>((resolve) => pending.push(() => resolve(new Response("[]"))));
      const body = routes[path];
      return body === undefined
        ? new Response("not found", { status: 404 })
        : new Response(body, { headers: { "content-type": "application/json" } });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  if (allowBefore === undefined) delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
  else process.env.GUTTERS_FEED_ALLOW_HOSTS = allowBefore;
  for (const release of pending) release();
  await server.stop(true);
});

function urls(overrides: Partial<SolarUrls> = {}): SolarUrls {
  return {
    kp_1m: `${base}/kp1m`,
    kp_3h: `${base}/kp3h-objects`,
    xray: `${base}/xray`,
    mag: `${base}/mag`,
    wind: `${base}/wind`,
    ...overrides,
  };
}

describe("NOAA SWPC feed reader against a local server", () => {
  const t0 = new Date("2026-08-30T12:03:00Z");

  test("all products fetched and parsed, each marked fresh", async () => {
    const state = await fetchSolarFeeds({ urls: urls(), timeoutMs: 2000, now: t0 });
    for (const status of Object.values(state.status)) expect(status.freshness).toBe("fresh");
    expect(state.readings.kp_1m.at(-1)?.kp).toBe(3.67);
    expect(state.readings.kp_3h.length).toBe(3);
    expect(state.readings.xray.filter((s) => s.band === "long").length).toBe(2);
    expect(state.readings.mag.at(-1)?.bz_gsm).toBe(0.34);
    expect(state.readings.wind.at(-1)?.speed).toBe(276.9);
  });

  test("the legacy header-row Kp table parses the same way", async () => {
    const state = await fetchSolarFeeds({ urls: urls({ kp_3h: `${base}/kp3h-legacy` }), timeoutMs: 2000, now: t0 });
    expect(state.readings.kp_3h.map((s) => s.kp)).toEqual([4.67, 5.33, 3.67]);
  });

  test("NaN tokens in a feed do not lose the document", async () => {
    const state = await fetchSolarFeeds({ urls: urls({ wind: `${base}/wind-nan` }), timeoutMs: 2000, now: t0 });
    expect(state.status.wind.freshness).toBe("fresh");
    expect(state.readings.wind.map((s) => s.speed)).toEqual([null, 276.9]);
  });

  test("timeout, truncated JSON and HTTP 404 keep the last good reading, stale with its age", async () => {
    const first = await fetchSolarFeeds({ urls: urls(), timeoutMs: 2000, now: t0 });
    const t1 = new Date(t0.getTime() + 5 * 60_000);
    const failing = urls({ kp_1m: `${base}/truncated`, xray: `${base}/hang`, mag: `${base}/missing` });
    const second = await fetchSolarFeeds({ urls: failing, timeoutMs: 150, now: t1, previous: first });

    expect(second.status.kp_1m).toMatchObject({ freshness: "stale", fetched_at: t0.toISOString(), age_seconds: 300 });
    expect(second.status.kp_1m.error).toContain("truncated or invalid JSON");
    expect(second.status.xray.error).toBe("timed out after 150 ms");
    expect(second.status.mag.error).toContain("HTTP 404");
    expect(second.readings.kp_1m).toEqual(first.readings.kp_1m);
    expect(second.readings.xray).toEqual(first.readings.xray);
    expect(second.status.wind.freshness).toBe("fresh");
  });

  test("a failure with nothing kept is missing with empty readings, not made-up values", async () => {
    const state = await fetchSolarFeeds({
      urls: urls({ kp_1m: `${base}/truncated` }),
      timeoutMs: 2000,
      now: t0,
      previous: emptySolarFeedState(),
    });
    expect(state.status.kp_1m).toMatchObject({ freshness: "missing", fetched_at: null, age_seconds: null });
    expect(state.readings.kp_1m).toEqual([]);
  });
});
