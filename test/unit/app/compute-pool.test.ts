import { afterAll, describe, expect, test } from "bun:test";
import { ComputePool } from "../../../app/compute-pool.ts";
import { RetryLaterError } from "../../../core/errors.ts";
import { UpcomingConfigSchema } from "../../../modules/tracking/upcoming/schemas.ts";
import { upcomingEvents } from "../../../modules/tracking/upcoming/service.ts";

const pool = new ComputePool();
afterAll(() => pool.close());

const config = UpcomingConfigSchema.parse({});
const at = new Date("2026-01-01T00:00:00Z");
const LIMITS = { workers: 1, queue: 1, timeoutMs: 20_000 };

describe("ComputePool", () => {
  test("answers what the same task answers inline", async () => {
    expect(await pool.run({ kind: "upcoming", at, days: 3, config }, LIMITS)).toEqual(upcomingEvents(at, 3, config));
  });

  test("our errors cross the thread with code, status and field", async () => {
    const error = await pool.run({ kind: "upcoming", at, days: 0, config }, LIMITS).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "invalid_input", status: 400, issues: [{ path: "days" }] });
  });

  test("a full queue is refused with 503 and Retry-After; a task over its time is abandoned and its thread replaced", async () => {
    const slow = { kind: "upcoming" as const, at, days: 366, config };
    const first = pool.run(slow, { ...LIMITS, timeoutMs: 100 });
    const second = pool.run({ kind: "upcoming", at, days: 1, config }, LIMITS);
    const refused = await pool.run({ kind: "upcoming", at, days: 1, config }, LIMITS).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(RetryLaterError);
    expect(refused).toMatchObject({ status: 503, retryAfterSeconds: 1 });
    await expect(first).rejects.toThrow("took longer than 100 ms");
    expect((await second).events).toBeDefined();
    expect(pool.size).toBe(1);
  });

  test("the time limit covers waiting: a task queued behind a long one is abandoned when its time is up", async () => {
    const long = pool.run({ kind: "upcoming", at, days: 120, config }, { ...LIMITS, timeoutMs: 20_000 });
    const queued = pool.run({ kind: "upcoming", at, days: 1, config }, { ...LIMITS, timeoutMs: 50 });
    let longDone = false;
    void long.then(() => {
      longDone = true;
    });
    await expect(queued).rejects.toThrow("waited 50 ms");
    // Refused on its own clock, not when the long task finally freed the thread.
    expect(longDone).toBe(false);
    expect((await long).events.length).toBeGreaterThan(0);
  });
});
