import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { request, startTestSystem, type TestSystem } from "../support/services.ts";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ modules: "numerology", runtime: { rate_limit_requests: 3, rate_limit_window_ms: 60_000 } });
}, 30_000);
afterAll(async () => {
  await system.dispose();
}, 30_000);

describe("per-client rate limits from the runtime config", () => {
  test("beyond the limit: 429 with Retry-After and a JSON error; probes are not limited", async () => {
    for (let i = 0; i < 3; i += 1) expect((await request(system, "GET", "/v1/modules")).status).toBe(200);
    const limited = await request(system, "GET", "/v1/modules");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(20);
    expect(await limited.json()).toMatchObject({ error: "rate_limited" });
    expect((await request(system, "GET", "/health/live")).status).toBe(200);
    expect((await request(system, "GET", "/health/ready")).status).toBe(200);
  });
});
