import { describe, expect, test } from "bun:test";
import { createActor, fromPromise, waitFor } from "xstate";
import type { ConfigState } from "../../../actors/jobs.ts";
import { type DueScope, personalActorMachine, personalScheduleOf, type SweepOutcome } from "../../../actors/personal-actor.ts";

const WAIT = { timeout: 3_000 };

// A long schedule keeps the scheduled pass out of the test; passes are driven by `tick.now`.
const config = (debounceMs: number, hours = 24, recoverMs = 600_000): ConfigState => ({
  config: { debounce_ms: debounceMs, schedule_hours: hours, recover_after_ms: recoverMs },
  version: 1,
  source: "database",
});

function startObserver(
  options: {
    debounceMs?: number;
    recoverMs?: number;
    runPerson?: (userId: string) => Promise<unknown>;
    sweep?: () => Promise<SweepOutcome>;
    findDue?: (scope: DueScope) => Promise<string[]>;
  } = {},
) {
  const runs: string[] = [];
  const lookups: DueScope[] = [];
  let loads = 0;
  const actor = createActor(
    personalActorMachine.provide({
      actors: {
        loadConfig: fromPromise<ConfigState, { moduleName: string }>(async () => {
          loads += 1;
          return config(options.debounceMs ?? 20, 24, options.recoverMs);
        }),
        runPerson: fromPromise<unknown, { moduleName: string; userId: string; config: ConfigState }>(async ({ input }) => {
          runs.push(input.userId);
          return options.runPerson?.(input.userId);
        }),
        sweep: fromPromise<SweepOutcome, { moduleName: string; config: ConfigState }>(async () =>
          options.sweep ? options.sweep() : { status: "swept", at: "2026-01-01T00:00:00.000Z", users: ["a", "b", "c"] },
        ),
        findDue: fromPromise<string[], { moduleName: string; config: ConfigState; scope: DueScope }>(async ({ input }) => {
          lookups.push(input.scope);
          return options.findDue ? options.findDue(input.scope) : [];
        }),
      },
    }),
    { input: { moduleName: "observer", layer: "intelligence", configRetry: { initialMs: 1, maxMs: 4 } } },
  );
  actor.start();
  return { actor, runs, lookups, loads: () => loads };
}

describe("observer schedule", () => {
  test("debounce and schedule come from the config, with fallbacks before it is loaded", () => {
    expect(personalScheduleOf(config(500, 2))).toEqual({ debounceMs: 500, scheduleMs: 7_200_000, recoverMs: 600_000 });
    expect(personalScheduleOf(undefined)).toEqual({ debounceMs: 10_000, scheduleMs: 86_400_000, recoverMs: 600_000 });
  });
});

describe("observer actor", () => {
  test("a burst of entries for one person is one run after the debounce; people run one at a time", async () => {
    const { actor, runs } = startObserver({ debounceMs: 40 });
    await waitFor(actor, (state) => state.value === "ready", WAIT);
    for (let i = 0; i < 5; i++) actor.send({ type: "person.changed", userId: "a" });
    actor.send({ type: "person.changed", userId: "b" });
    await waitFor(actor, (state) => state.context.counters.runs === 2, WAIT);
    expect(runs.sort()).toEqual(["a", "b"]);
    // Nothing more is scheduled: the debounce replaced each earlier timer.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(runs).toHaveLength(2);
    actor.stop();
  });

  test("a scheduled pass queues everyone it lists once, also those already queued", async () => {
    const { actor, runs } = startObserver({ debounceMs: 0 });
    await waitFor(actor, (state) => state.value === "ready", WAIT);
    actor.send({ type: "tick.now" });
    expect(actor.getSnapshot().value).toBe("sweeping");
    actor.send({ type: "person.due", userId: "a" });
    await waitFor(actor, (state) => state.context.counters.sweeps === 1 && state.context.counters.runs === 3, WAIT);
    expect(runs.sort()).toEqual(["a", "b", "c"]);
    expect(actor.getSnapshot().context.lastTickAt).toBe("2026-01-01T00:00:00.000Z");
    actor.stop();
  });

  test("a pass another node claimed queues nobody; a failed pass or run is recorded and the actor carries on", async () => {
    let sweeps = 0;
    const { actor } = startObserver({
      sweep: async () => {
        sweeps += 1;
        if (sweeps === 1) return { status: "claimed_elsewhere", at: "2026-01-01T00:00:00.000Z", users: [] };
        throw new Error("database down");
      },
      runPerson: async (userId) => {
        if (userId === "bad") throw new Error("cannot read");
      },
    });
    await waitFor(actor, (state) => state.value === "ready", WAIT);
    actor.send({ type: "tick.now" });
    await waitFor(actor, (state) => state.context.counters.swept_elsewhere === 1, WAIT);
    actor.send({ type: "tick.now" });
    await waitFor(actor, (state) => state.context.lastError?.message === "database down", WAIT);
    actor.send({ type: "person.due", userId: "bad" });
    actor.send({ type: "person.due", userId: "good" });
    await waitFor(actor, (state) => state.context.counters.runs === 1 && state.context.counters.failed === 1, WAIT);
    // The reason names no one: only the failure's kind reaches the public summary.
    expect(actor.getSnapshot().context.lastError?.message).toBe("a person's run failed: Error");
    actor.stop();
  });

  test("an erased person's pending run is dropped; a config change reloads once the run in hand is done", async () => {
    let release: () => void = () => undefined;
    const { actor, runs, loads } = startObserver({
      debounceMs: 30,
      runPerson: (userId) => (userId === "slow" ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()),
    });
    await waitFor(actor, (state) => state.value === "ready", WAIT);
    actor.send({ type: "person.due", userId: "slow" });
    await waitFor(actor, (state) => state.value === "working", WAIT);
    actor.send({ type: "person.due", userId: "erased" });
    actor.send({ type: "person.changed", userId: "erased-too" });
    actor.send({ type: "user.deleted", userId: "erased" });
    actor.send({ type: "user.deleted", userId: "erased-too" });
    actor.send({ type: "config.changed" });
    expect(actor.getSnapshot().context.queue).toEqual([]);
    release();
    await waitFor(actor, (state) => state.value === "ready" && loads() === 2, WAIT);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toEqual(["slow"]);
    actor.stop();
  });

  test("a burst of changes about everyone is one lookup after the debounce; the people it finds run once each", async () => {
    const { actor, runs, lookups } = startObserver({ debounceMs: 40, findDue: async () => ["x", "y"] });
    await waitFor(actor, (state) => state.value === "ready", WAIT);
    for (let i = 0; i < 4; i++) actor.send({ type: "everyone.changed" });
    await waitFor(actor, (state) => state.context.counters.runs === 2 && state.context.counters.recovered === 2, WAIT);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(lookups).toEqual(["everyone"]);
    expect(runs).toEqual(["x", "y"]);
    actor.stop();
  });

  test("overdue work is looked up every recover_after_ms, also after a failed lookup; the people found run", async () => {
    let calls = 0;
    const { actor, runs, lookups } = startObserver({
      recoverMs: 30,
      findDue: async () => {
        calls += 1;
        if (calls === 1) throw new Error("database down");
        return calls === 2 ? ["stranded"] : [];
      },
    });
    await waitFor(actor, (state) => state.context.lastError?.message === "database down", WAIT);
    await waitFor(actor, (state) => state.context.counters.runs === 1, WAIT);
    while (calls < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs).toEqual(["stranded"]);
    expect(new Set(lookups)).toEqual(new Set(["overdue"]));
    actor.stop();
  });
});
