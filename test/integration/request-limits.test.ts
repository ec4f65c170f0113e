import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { adminHeaders } from "../support/credentials.ts";
import { EINSTEIN, request, startTestSystem, type TestSystem } from "../support/services.ts";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ modules: "numerology,astrology", runtime: { sse_max_buffer_bytes: 1024 } });
}, 30_000);
afterAll(async () => {
  await system.dispose();
}, 30_000);

type ErrorBody = { error: string; issues?: { path: string }[] };

describe("one accepted range of instants, checked at the door", () => {
  test.each([
    ["/v1/tracking/lunar?at=9999-12-31T23:59:59Z", "at"],
    ["/v1/tracking/transits?at=1499-12-31T00:00:00Z", "at"],
    ["/v1/tracking/upcoming?at=4500-01-01T00:00:00Z", "at"],
    ["/v1/tracking/lunar/history?from=0001-01-01T00:00:00Z", "from"],
    ["/v1/tracking/lunar/history?to=2201-01-01T00:00:00Z", "to"],
    ["/v1/tracking/lunar?at=%24gt", "at"],
  ])("%s → 400 naming %s, answered at once", async (path, field) => {
    const started = performance.now();
    const response = await request(system, "GET", path);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).issues?.map((issue) => issue.path)).toEqual([field]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a birth date outside the range is a 400 on `date`", async () => {
    const response = await request(system, "POST", "/v1/calc/numerology", { ...EINSTEIN, date: "2201-01-01" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).issues?.map((issue) => issue.path)).toEqual(["date"]);
  });
});

describe("expensive queries leave the event loop free", () => {
  test("/health/live answers within a few hundred ms while upcoming?days=366 runs", async () => {
    const latencies: number[] = [];
    let done = false;
    const upcoming = request(system, "GET", "/v1/tracking/upcoming?days=366&at=2026-01-01T00:00:00Z").finally(() => {
      done = true;
    });
    while (!done) {
      const started = performance.now();
      const live = await request(system, "GET", "/health/live");
      latencies.push(performance.now() - started);
      expect(live.status).toBe(200);
      await Bun.sleep(20);
    }
    const response = await upcoming;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { events: unknown[] }).events.length).toBeGreaterThan(100);
    // Probes taken while the year was computed; each must have been answered promptly.
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(300);
    // The year of events takes 4–7 s on a busy machine; the claim is about the probes' latency, not that duration.
  }, 30_000);

  test("a stateless unknown-time chart runs on the pool and answers as before", async () => {
    const { time: _time, ...noTime } = EINSTEIN;
    const response = await request(system, "POST", "/v1/calc/astrology", noTime);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { module: string; metadata: { accuracy: string } }).metadata.accuracy).not.toBe("full");
  });
});

describe("slow SSE consumers", () => {
  test("a client that stops reading is disconnected once its unread events exceed the buffer", async () => {
    const response = await system.app.handle(new Request("http://gutters.test/v1/actors/stream", { headers: adminHeaders() }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    // Never read: every new user makes inspection events, which pile up for this client until it is dropped.
    let ended = false;
    for (let i = 0; i < 50 && !ended; i += 1) {
      await request(system, "POST", "/v1/users", EINSTEIN);
      await system.node.idle();
      ended = await Promise.race([reader.closed.then(() => true, () => true), Bun.sleep(1).then(() => false)]);
    }
    expect(ended).toBe(true);
    await expect(reader.read()).rejects.toThrow("fell too far behind");
  });
});
