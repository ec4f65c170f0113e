import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { feedAllowHosts } from "../../../../config/feed-hosts.ts";
import { acceptSolarFeed } from "../../../../actors/solar-feeder.ts";
import { emptySolarFeedState, fetchSolarFeeds, parseFeedText } from "../feed.ts";
import { assertFeedTarget, feedUrlProblem, isPublicAddress } from "../feed-url.ts";
import { replaceBareTokens } from "../noaa-json.ts";
import { SolarConfigSchema, SolarFeedStateSchema } from "../schemas.ts";

const NONE = feedAllowHosts({});
const LOCAL = feedAllowHosts({ GUTTERS_FEED_ALLOW_HOSTS: "127.0.0.1:8080, feeds.internal" });

describe("feed URL policy", () => {
  test("only https: to public addresses; file: and other schemes never", () => {
    expect(feedUrlProblem("https://services.swpc.noaa.gov/json/x.json", NONE)).toBeNull();
    for (const url of ["file:///etc/passwd", "http://services.swpc.noaa.gov/x", "ftp://example.org/x", "gopher://x/"]) {
      expect(feedUrlProblem(url, NONE)).toBe("only https: URLs are accepted");
    }
    expect(feedUrlProblem("file:///etc/passwd", LOCAL)).toBe("only https: URLs are accepted");
  });

  test("loopback, private, link-local, unspecified and mapped literals are refused, in every spelling", () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://0x7f000001/x",
      "https://2130706433/x",
      "https://10.1.2.3/x",
      "https://172.16.0.1/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://0.0.0.0/x",
      "https://[::1]/x",
      "https://[::]/x",
      "https://[fe80::1]/x",
      "https://[fd00::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://localhost/x",
    ]) {
      expect({ url, problem: feedUrlProblem(url, NONE) }).toEqual({ url, problem: expect.stringContaining("not accepted") });
    }
    expect(feedUrlProblem("https://user:secret@services.swpc.noaa.gov/x", NONE)).toBe("credentials in a feed URL are not accepted");
  });

  test("an allowlisted host may be private and plain http:, on the listed port only", () => {
    expect(feedUrlProblem("http://127.0.0.1:8080/kp", LOCAL)).toBeNull();
    expect(feedUrlProblem("http://127.0.0.1:9090/kp", LOCAL)).not.toBeNull();
    expect(feedUrlProblem("http://feeds.internal:1234/kp", LOCAL)).toBeNull();
  });

  test("public and non-public addresses", () => {
    expect(isPublicAddress("140.172.10.10")).toBe(true);
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
    expect(isPublicAddress("100.64.0.1")).toBe(false);
    expect(isPublicAddress("224.0.0.1")).toBe(false);
    expect(isPublicAddress("not-an-ip")).toBe(false);
  });

  test("a host name resolving to a private address is refused before any fetch", async () => {
    const toPrivate = async () => [{ address: "140.172.10.10" }, { address: "10.0.0.5" }];
    await expect(assertFeedTarget("https://innocent.example.org/x", NONE, toPrivate)).rejects.toThrow("resolves to a loopback");
    await expect(assertFeedTarget("https://innocent.example.org/x", NONE, async () => [{ address: "140.172.10.10" }])).resolves.toBeUndefined();
  });

  test("the config refuses a bad URL naming the product, and the environment allowlist decides", () => {
    const refused = SolarConfigSchema.safeParse({ urls: { kp_1m: "file:///etc/passwd", xray: "https://10.0.0.1/x" } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join("."))).toEqual(["urls.kp_1m", "urls.xray"]);
    expect(JSON.stringify(refused.error?.issues)).not.toContain("passwd");
  });
});

describe("fetches", () => {
  const allowBefore = process.env.GUTTERS_FEED_ALLOW_HOSTS;
  let server: ReturnType<typeof Bun.serve>;
  beforeAll(() => {
    process.env.GUTTERS_FEED_ALLOW_HOSTS = "127.0.0.1";
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(request) {
        const path = new URL(request.url).pathname;
        if (path === "/redirect") return Response.redirect("http://127.0.0.1:1/secret", 302);
        if (path === "/secret") return new Response("root:x:0:0:secret-content");
        return new Response(`[{"time_tag":"2026-01-01T00:00:00","kp_index":3,"estimated_kp":3.33}${",".padEnd(4000, " ")}`);
      },
    });
  });
  afterAll(async () => {
    if (allowBefore === undefined) delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
    else process.env.GUTTERS_FEED_ALLOW_HOSTS = allowBefore;
    await server.stop(true);
  });

  test("redirects are refused; a failure's stored error never quotes the fetched content", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const state = await fetchSolarFeeds({
      urls: { kp_1m: `${base}/redirect`, kp_3h: `${base}/secret`, xray: null, mag: null, wind: null },
      timeoutMs: 2000,
      now: new Date("2026-01-01T00:05:00Z"),
    });
    expect(state.status.kp_1m.freshness).toBe("missing");
    expect(state.status.kp_3h.error).toBe("invalid_input: (root): truncated or invalid JSON");
    expect(JSON.stringify(state)).not.toContain("secret-content");
  });

  test("a URL stored before the rules is refused at fetch time without a request", async () => {
    const before = process.env.GUTTERS_FEED_ALLOW_HOSTS;
    delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
    let requests = 0;
    const state = await fetchSolarFeeds({
      urls: { kp_1m: "file:///etc/passwd", kp_3h: `http://127.0.0.1:${server.port}/kp`, xray: null, mag: null, wind: null },
      timeoutMs: 2000,
      now: new Date("2026-01-01T00:05:00Z"),
      fetch: async () => {
        requests += 1;
        return new Response("[]");
      },
    });
    process.env.GUTTERS_FEED_ALLOW_HOSTS = before;
    expect(requests).toBe(0);
    expect(state.status.kp_1m.error).toBe("refused: only https: URLs are accepted");
    expect(state.status.kp_3h.error).toBe("refused: only https: URLs are accepted");
  });

  test("a body over the size limit is abandoned", async () => {
    const state = await fetchSolarFeeds({
      urls: { kp_1m: `http://127.0.0.1:${server.port}/kp`, kp_3h: null, xray: null, mag: null, wind: null },
      timeoutMs: 2000,
      now: new Date("2026-01-01T00:05:00Z"),
      limits: { max_bytes: 1024, max_rows: 100 },
    });
    expect(state.status.kp_1m.error).toBe("payload_too_large: feed payload exceeds 1024 bytes");
  });
});

describe("feed payloads are checked before use", () => {
  const now = new Date("2026-01-01T00:05:00Z");
  const feed = (text: string) => acceptSolarFeed(emptySolarFeedState(), "kp_1m", new TextEncoder().encode(text), now);

  test("empty, out-of-range and far-off readings are refused, naming the field", () => {
    expect(() => feed("[]")).toThrow("no data rows");
    expect(() => feed('[{"time_tag":"2026-01-01T00:00:00","kp_index":99}]')).toThrow("0.kp_index");
    expect(() => feed('[{"time_tag":"9999-01-01T00:00:00","kp_index":3}]')).toThrow("0.time_tag");
    expect(() => parseFeedText("wind", '[{"time_tag":"2026-01-01T00:00:00","speed":1e9}]')).toThrow("0.speed");
    expect(() => parseFeedText("mag", '[{"time_tag":"2026-01-01T00:00:00","bz_gsm":-5000}]')).toThrow("0.bz_gsm");
    // As the data of a CloudEvent too: 1e400 parses to Infinity, which must not turn into a missing reading.
    const wrapped = (row: string) => `{"specversion":"1.0","id":"x","data":[${row}]}`;
    expect(() => feed(wrapped('{"time_tag":"2026-01-01T00:00:00","kp_index":-1e400,"estimated_kp":3}'))).toThrow("0.kp_index");
    const accepted = SolarFeedStateSchema.parse(feed(wrapped('{"time_tag":"2026-01-01T00:00:00","estimated_kp":3}')));
    expect(accepted.readings.kp_1m).toEqual([{ time: "2026-01-01T00:00:00.000Z", kp: 3 }]);
  });

  test("size and row limits come before parsing", () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ time_tag: `2026-01-01T00:${String(i).padStart(2, "0")}:00`, kp_index: 1 }));
    expect(() => parseFeedText("kp_1m", JSON.stringify(rows), { max_bytes: 1 << 20, max_rows: 10 })).toThrow("more than 10 rows");
    expect(() => feed(" ".repeat(2 * 1024 * 1024))).toThrow("exceeds");
  });

  test("an unterminated string of 1 MiB is refused in linear time (it took seconds before)", () => {
    const text = `"${'a\\"'.repeat(300_000)}`;
    const started = performance.now();
    expect(() => parseFeedText("kp_1m", text)).toThrow("truncated or invalid JSON");
    expect(performance.now() - started).toBeLessThan(500);
    expect(replaceBareTokens('[NaN,-Infinity,"NaN",NaNx,1]')).toBe('[null,null,"NaN",NaNx,1]');
  });
});
