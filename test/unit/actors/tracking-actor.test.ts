import { describe, expect, test } from "bun:test";
import { createActor, fromPromise, waitFor } from "xstate";
import type { ConfigState } from "../../../actors/jobs.ts";
import { delayToNextSlot, scheduleOf, type TickOutcome, trackingActorMachine } from "../../../actors/tracking-actor.ts";

type TickInput = { moduleName: string; config: ConfigState; windowStart?: string };
const WAIT = { timeout: 3_000 };

// A long cadence keeps the scheduled tick out of the test; ticks are driven by `tick.now` or the first tick.
const config = (cadence = 3600, retry = 0.01): ConfigState => ({
  config: { cadence_seconds: cadence, retry_initial_seconds: retry, history_days: 1 },
  version: 1,
  source: "database",
});

function startTracker(options: { loadConfig?: () => Promise<ConfigState>; runTick?: (input: TickInput) => Promise<TickOutcome> } = {}) {
  const ticks: TickInput[] = [];
  let loads = 0;
  const actor = createActor(
    trackingActorMachine.provide({
      actors: {
        loadConfig: fromPromise<ConfigState, { moduleName: string }>(async () => {
          loads += 1;
          return options.loadConfig ? options.loadConfig() : config();
        }),
        runTick: fromPromise<TickOutcome, TickInput>(async ({ input }) => {
          ticks.push(input);
          return options.runTick
            ? options.runTick(input)
            : { status: "ticked", at: new Date(Date.UTC(2026, 0, 1, 0, ticks.length)).toISOString(), occurrences_published: 1 };
        }),
      },
    }),
    { input: { moduleName: "lunar", layer: "tracking", configRetry: { initialMs: 1, maxMs: 4 } } },
  );
  actor.start();
  return { actor, ticks, loads: () => loads };
}

describe("schedule", () => {
  test("ticks land on multiples of the cadence so every node agrees on the slots", () => {
    expect(delayToNextSlot(125_000, 60_000)).toBe(55_000);
    expect(delayToNextSlot(120_000, 60_000)).toBe(60_000);
  });

  test("cadence and retry come from the config, with safe fallbacks before it is loaded", () => {
    expect(scheduleOf(config(300, 5))).toEqual({ cadenceMs: 300_000, retryInitialMs: 5_000 });
    expect(scheduleOf(undefined)).toEqual({ cadenceMs: 60_000, retryInitialMs: 5_000 });
  });
});

describe("tracking actor", () => {
  test("ticks once at start, then waits; the next window starts at the previous tick", async () => {
    const { actor, ticks } = startTracker();
    await waitFor(actor, (state) => state.value === "waiting", WAIT);
    expect(ticks[0]?.windowStart).toBeUndefined();
    actor.send({ type: "tick.now" });
    await waitFor(actor, (state) => state.context.counters.ticks === 2, WAIT);
    expect(ticks[1]?.windowStart).toBe("2026-01-01T00:01:00.000Z");
    expect(actor.getSnapshot().context.counters.published).toBe(2);
    actor.stop();
  });

  test("a failed tick backs off and retries without losing the schedule", async () => {
    let calls = 0;
    const { actor } = startTracker({
      runTick: async () => {
        calls += 1;
        if (calls < 3) throw new Error("feed down");
        return { status: "ticked", at: "2026-01-01T00:00:00.000Z", occurrences_published: 0 };
      },
    });
    await waitFor(actor, (state) => state.value === "waiting" && state.context.counters.ticks === 1, WAIT);
    const context = actor.getSnapshot().context;
    expect(context.counters.failed).toBe(2);
    expect(context.failures).toBe(0);
    expect(context.lastError?.message).toBe("feed down");
    actor.stop();
  });

  test("a slot claimed by another node counts as skipped", async () => {
    const { actor } = startTracker({ runTick: async () => ({ status: "claimed_elsewhere", at: "2026-01-01T00:00:00.000Z", occurrences_published: 0 }) });
    await waitFor(actor, (state) => state.context.counters.skipped === 1, WAIT);
    expect(actor.getSnapshot().context.counters.ticks).toBe(0);
    actor.stop();
  });

  test("a config that cannot be loaded is retried with backoff", async () => {
    let attempts = 0;
    const { actor } = startTracker({
      loadConfig: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error("database down");
        return config();
      },
    });
    await waitFor(actor, (state) => state.value === "waiting", WAIT);
    expect(attempts).toBe(3);
    actor.stop();
  });

  test("config.changed reloads, while waiting at once and while ticking after the tick", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const { actor, loads } = startTracker({
      runTick: async () => {
        calls += 1;
        if (calls === 2) await gate;
        return { status: "ticked", at: "2026-01-01T00:00:00.000Z", occurrences_published: 0 };
      },
    });
    await waitFor(actor, (state) => state.value === "waiting", WAIT);
    actor.send({ type: "config.changed" });
    // Reloaded at once, then ticking again (held at the gate).
    await waitFor(actor, (state) => state.value === "ticking" && loads() === 2, WAIT);
    actor.send({ type: "config.changed" });
    release();
    await waitFor(actor, (state) => state.value === "waiting" && loads() === 3, WAIT);
    actor.stop();
  });
});
