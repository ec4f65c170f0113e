import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { request, startTestSystem, type TestSystem } from "../support/services.ts";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ modules: "numerology" });
}, 30_000);
afterAll(async () => {
  await system.dispose();
}, 30_000);

type ErrorBody = { error: string; message: string; issues?: { path: string; message: string }[] };
const paths = async (response: Response) => ((await response.json()) as ErrorBody).issues?.map((issue) => issue.path);
const solarVersion = async () => ((await (await request(system, "GET", "/v1/config/solar")).json()) as { version: number }).version;

describe("feed URLs the node would fetch", () => {
  test.each([
    ["file:", "file:///etc/passwd"],
    ["plain http:", "http://services.swpc.noaa.gov/json/planetary_k_index_1m.json"],
    ["loopback", "https://127.0.0.1:8443/kp.json"],
    ["loopback in hex", "https://0x7f000001/kp.json"],
    ["link-local metadata", "https://169.254.169.254/latest/meta-data/"],
    ["private", "https://10.0.0.8/kp.json"],
    ["IPv6 loopback", "https://[::1]/kp.json"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/kp.json"],
    ["localhost", "https://localhost/kp.json"],
  ])("%s is refused with 422 naming the field, and nothing is stored", async (_name, url) => {
    const before = await solarVersion();
    const response = await request(system, "PUT", "/v1/config/solar", { urls: { kp_1m: url } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.issues?.map((issue) => issue.path)).toEqual(["urls.kp_1m"]);
    expect(JSON.stringify(body)).not.toContain(url);
    expect(await solarVersion()).toBe(before);
  });

  test("an https: URL on a public host is taken", async () => {
    const response = await request(system, "PATCH", "/v1/config/solar", { urls: { kp_1m: "https://services.swpc.noaa.gov/json/planetary_k_index_1m.json" } });
    expect(response.status).toBe(200);
  });
});

describe("strict config schemas", () => {
  test("an unknown key is a 422 naming the key, at any depth, for PUT and PATCH", async () => {
    expect(await paths(await request(system, "PUT", "/v1/config/solar", { cadence_second: 60 }))).toEqual(["cadence_second"]);
    const nested = await request(system, "PATCH", "/v1/config/solar", { storm: { kp_hihg: 6 } });
    expect(nested.status).toBe(422);
    expect(await paths(nested)).toEqual(["storm.kp_hihg"]);
    expect(await paths(await request(system, "PUT", "/v1/config/runtime", { max_queu: 5 }))).toEqual(["max_queu"]);
  });

  test("a bad value is named by its field, not quoted", async () => {
    const response = await request(system, "PUT", "/v1/config/numerology", { system: "1879-03-14 Albert" });
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.issues?.[0]?.path).toBe("system");
    expect(JSON.stringify(body)).not.toContain("Albert");
  });

  test("fields that only make sense together are checked together: a recovery delay within the debounce is refused", async () => {
    for (const module of ["observer", "themes"]) {
      const response = await request(system, "PATCH", `/v1/config/${module}`, { debounce_ms: 700_000 });
      expect(response.status).toBe(422);
      expect(await paths(response)).toEqual(["recover_after_ms"]);
      expect((await request(system, "PATCH", `/v1/config/${module}`, { debounce_ms: 700_000, recover_after_ms: 700_001 })).status).toBe(200);
    }
  });

  test("PATCH merges into the current config; PUT replaces it", async () => {
    await request(system, "PUT", "/v1/config/solar", { timeout_ms: 5000, storm: { kp_moderate: 3 } });
    const patched = await request(system, "PATCH", "/v1/config/solar", { storm: { kp_high: 6 } });
    expect(patched.status).toBe(200);
    const config = ((await patched.json()) as { config: { timeout_ms: number; storm: { kp_high: number; kp_moderate: number } } }).config;
    expect(config.timeout_ms).toBe(5000);
    expect(config.storm).toMatchObject({ kp_high: 6, kp_moderate: 3 });
    const replaced = (await (await request(system, "PUT", "/v1/config/solar", { storm: { kp_high: 7 } })).json()) as { config: typeof config };
    expect(replaced.config.timeout_ms).toBe(10_000);
    expect(replaced.config.storm.kp_moderate).toBe(4);
    expect((await request(system, "PATCH", "/v1/config/solar", [1, 2])).status).toBe(422);
  });
});

describe("concurrent PATCHes", () => {
  test("each is applied in full or refused with 409; none is lost silently", async () => {
    const keys = ["kp_moderate", "kp_high", "bz_moderate_nt", "bz_high_nt", "speed_moderate_kms", "speed_high_kms"] as const;
    await request(system, "PUT", "/v1/config/solar", {});
    const answers = await Promise.all(keys.map((key, i) => request(system, "PATCH", "/v1/config/solar", { storm: { [key]: 100 + i } })));
    const applied = keys.filter((_key, i) => answers[i]?.status === 200);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);
    expect(applied.length).toBeGreaterThan(0);
    const storm = ((await (await request(system, "GET", "/v1/config/solar")).json()) as { config: { storm: Record<string, number> } }).config.storm;
    for (const [i, key] of keys.entries()) {
      if (applied.includes(key)) expect(storm[key]).toBe(100 + i);
      else expect(storm[key]).not.toBe(100 + i);
    }
  });
});

describe("the runtime row", () => {
  test("GET shows the defaults; PATCH changes a limit, which the API applies at once", async () => {
    const initial = (await (await request(system, "GET", "/v1/config/runtime")).json()) as { module_name: string; config: { upcoming_max_days: number } };
    expect(initial).toMatchObject({ module_name: "runtime", config: { upcoming_max_days: 366 } });
    const patched = await request(system, "PATCH", "/v1/config/runtime", { upcoming_max_days: 3 });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { config: { max_queue: number } }).config.max_queue).toBe(10_000);
    const refused = await request(system, "GET", "/v1/tracking/upcoming?days=4&at=2026-01-01T00:00:00Z");
    expect(refused.status).toBe(400);
    expect(await paths(refused)).toEqual(["days"]);
    expect((await request(system, "GET", "/v1/tracking/upcoming?days=3&at=2026-01-01T00:00:00Z")).status).toBe(200);
    expect((await request(system, "PUT", "/v1/config/runtime", { rate_limit_requests: 0 })).status).toBe(422);
    await request(system, "PUT", "/v1/config/runtime", {});
  });
});
