import { describe, expect, test } from "bun:test";
import { MISSING_SNAPSHOT_CACHE_MS, TrackingContext } from "../../../actors/tracking-context.ts";
import { registry } from "../../../modules/index.ts";

/** A tracking store with no snapshot at all (trackers run on no node yet), counting its reads. */
function emptyHistory() {
  const reads: string[] = [];
  return { reads, store: { latest: async (module: string) => (reads.push(module), null) } };
}

describe("tracking context for the synthesis", () => {
  const trackers = registry.trackingModules().length;

  test("no snapshot yet: believed for a few seconds, not read again for every synthesis", async () => {
    const history = emptyHistory();
    const context = new TrackingContext({ registry, tracking: history.store, configOf: async () => ({ config: {} }), cacheMs: 60_000 });
    expect(await context.contributions(undefined)).toEqual({});
    expect(await context.contributions(undefined)).toEqual({});
    expect(history.reads.length).toBe(trackers);
    expect(MISSING_SNAPSHOT_CACHE_MS).toBeLessThanOrEqual(5_000);
  });

  test("with caching off, every synthesis reads again (a first tick shows at once)", async () => {
    const history = emptyHistory();
    const context = new TrackingContext({ registry, tracking: history.store, configOf: async () => ({ config: {} }), cacheMs: 0 });
    await context.contributions(undefined);
    await context.contributions(undefined);
    expect(history.reads.length).toBe(2 * trackers);
  });
});
