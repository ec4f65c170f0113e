import { describe, expect, test } from "bun:test";
import { createActor, fromPromise, waitFor } from "xstate";
import type { CalculationJob, ConfigState, JobOutcome, SettleReason } from "../../../actors/jobs.ts";
import { type ModuleActorInput, moduleActorMachine } from "../../../actors/module-actor.ts";
import { BIRTH } from "../modules/fixtures.ts";

type RunJobInput = { moduleName: string; job: CalculationJob; config: ConfigState };

const WAIT = { timeout: 2_000 };
const CREATED = new Date("2025-12-31T00:00:00.000Z");

const job = (eventId: string, userId = `user-${eventId}`, revision = 1): CalculationJob => ({
  userId,
  eventId,
  revision,
  userCreatedAt: CREATED,
  eventTime: "2026-01-01T00:00:00.000Z",
  birth: BIRTH,
});

const configVersion = (version: number): ConfigState => ({ config: { factor: version }, version, source: "database" });

/** A promise the test settles by hand, to hold a job in `working` as long as needed. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

interface Harness {
  loadConfig?: (input: { moduleName: string }) => Promise<ConfigState>;
  runJob?: (input: RunJobInput) => Promise<JobOutcome>;
  input?: Partial<ModuleActorInput>;
}

function startModuleActor(harness: Harness = {}) {
  const ran: RunJobInput[] = [];
  const settled: { eventId: string; reason: SettleReason }[] = [];
  let loads = 0;
  const machine = moduleActorMachine.provide({
    actions: {
      settle: (_, params) => {
        for (const settledJob of params.jobs) settled.push({ eventId: settledJob.eventId, reason: params.reason });
      },
    },
    actors: {
      loadConfig: fromPromise<ConfigState, { moduleName: string }>(async ({ input }) => {
        loads += 1;
        return harness.loadConfig ? harness.loadConfig(input) : configVersion(1);
      }),
      runJob: fromPromise<JobOutcome, RunJobInput>(async ({ input }) => {
        ran.push(input);
        return harness.runJob ? harness.runJob(input) : { status: "ok" };
      }),
    },
  });
  const actor = createActor(machine, {
    input: { moduleName: "echo", layer: "calculation", maxQueue: 10, configRetry: { initialMs: 1, maxMs: 4 }, ...harness.input },
  });
  actor.start();
  return { actor, ran, settled, loads: () => loads };
}

describe("module actor: config", () => {
  test("loads its config, then waits ready", async () => {
    const { actor, loads } = startModuleActor({ loadConfig: async () => configVersion(3) });
    expect(actor.getSnapshot().value).toBe("loading");
    const snapshot = await waitFor(actor, (state) => state.matches("ready"), WAIT);
    expect(snapshot.context.config).toEqual(configVersion(3));
    expect(loads()).toBe(1);
    actor.stop();
  });

  test("a failed load backs off and retries until it succeeds", async () => {
    let attempt = 0;
    const { actor, loads } = startModuleActor({
      loadConfig: async () => {
        attempt += 1;
        if (attempt < 3) throw new Error(`database unreachable (${attempt})`);
        return configVersion(1);
      },
    });
    const visited: string[] = [];
    actor.subscribe((state) => visited.push(String(state.value)));
    const backoff = await waitFor(actor, (state) => state.matches("backoff"), WAIT);
    expect(backoff.context.configAttempts).toBe(1);
    expect(backoff.context.lastError?.message).toBe("database unreachable (1)");
    const ready = await waitFor(actor, (state) => state.matches("ready"), WAIT);
    expect(loads()).toBe(3);
    expect(ready.context.configAttempts).toBe(0);
    expect(ready.context.lastError?.message).toBe("database unreachable (2)");
    expect(visited.filter((state) => state === "backoff")).toHaveLength(2);
    actor.stop();
  });

  test("without a provided loader it stays in backoff, saying why", async () => {
    const actor = createActor(moduleActorMachine, {
      input: { moduleName: "echo", layer: "calculation", maxQueue: 1, configRetry: { initialMs: 1_000, maxMs: 1_000 } },
    }).start();
    const snapshot = await waitFor(actor, (state) => state.matches("backoff"), WAIT);
    expect(snapshot.context.lastError?.message).toBe("loadConfig is not provided");
    actor.stop();
  });

  test("config.changed while ready reloads at once", async () => {
    let version = 0;
    const { actor } = startModuleActor({ loadConfig: async () => configVersion(++version) });
    await waitFor(actor, (state) => state.matches("ready"), WAIT);
    actor.send({ type: "config.changed" });
    expect(actor.getSnapshot().value).toBe("loading");
    const snapshot = await waitFor(actor, (state) => state.matches("ready"), WAIT);
    expect(snapshot.context.config?.version).toBe(2);
    actor.stop();
  });

  test("config.changed while working reloads after the job, so no job mixes two configs", async () => {
    let version = 0;
    const gate = deferred<JobOutcome>();
    const { actor, ran, loads } = startModuleActor({
      loadConfig: async () => configVersion(++version),
      runJob: (input) => (input.job.eventId === "e1" ? gate.promise : Promise.resolve({ status: "ok" })),
    });
    actor.send({ type: "job", job: job("e1") });
    await waitFor(actor, (state) => state.matches("working"), WAIT);
    actor.send({ type: "config.changed" });
    actor.send({ type: "job", job: job("e2") });
    expect(actor.getSnapshot().value).toBe("working");
    expect(actor.getSnapshot().context.reloadRequested).toBe(true);
    gate.resolve({ status: "ok" });
    const snapshot = await waitFor(actor, (state) => state.matches("ready") && state.context.counters.processed === 2, WAIT);
    expect(loads()).toBe(2);
    expect(ran.map((input) => [input.job.eventId, input.config.version])).toEqual([
      ["e1", 1],
      ["e2", 2],
    ]);
    expect(snapshot.context.reloadRequested).toBe(false);
    actor.stop();
  });
});

describe("module actor: jobs", () => {
  test("processes jobs in arrival order and counts each outcome", async () => {
    const outcomes: Record<string, JobOutcome> = { e1: { status: "ok" }, e2: { status: "skipped" }, e3: { status: "ok" } };
    const { actor, ran } = startModuleActor({ runJob: async (input) => outcomes[input.job.eventId] ?? { status: "ok" } });
    for (const id of ["e1", "e2", "e3"]) actor.send({ type: "job", job: job(id) });
    const snapshot = await waitFor(
      actor,
      (state) => state.matches("ready") && state.context.counters.processed + state.context.counters.skipped === 3,
      WAIT,
    );
    expect(ran.map((input) => input.job.eventId)).toEqual(["e1", "e2", "e3"]);
    expect(ran.every((input) => input.moduleName === "echo" && input.config.version === 1)).toBe(true);
    expect(snapshot.context.counters).toEqual({ processed: 2, failed: 0, skipped: 1, dropped: 0 });
    expect(snapshot.context.current).toBeUndefined();
    actor.stop();
  });

  test("jobs left by a crashed predecessor come first", async () => {
    const { actor, ran } = startModuleActor({ input: { pending: [job("p1"), job("p2")] } });
    actor.send({ type: "job", job: job("e1") });
    await waitFor(actor, (state) => state.context.counters.processed === 3, WAIT);
    expect(ran.map((input) => input.job.eventId)).toEqual(["p1", "p2", "e1"]);
    actor.stop();
  });

  test("a job that resolves with status error is counted and the actor carries on", async () => {
    const { actor, ran } = startModuleActor({
      runJob: async (input) => (input.job.eventId === "bad" ? { status: "error" } : { status: "ok" }),
    });
    actor.send({ type: "job", job: job("bad") });
    actor.send({ type: "job", job: job("good") });
    const snapshot = await waitFor(actor, (state) => state.context.counters.processed === 1, WAIT);
    expect(snapshot.status).toBe("active");
    expect(snapshot.context.counters).toMatchObject({ processed: 1, failed: 1 });
    expect(ran.map((input) => input.job.eventId)).toEqual(["bad", "good"]);
    actor.stop();
  });

  test("a job that rejects ends the actor in crashed, handing over every unfinished job", async () => {
    const gate = deferred<JobOutcome>();
    const { actor } = startModuleActor({ runJob: () => gate.promise });
    actor.send({ type: "job", job: job("e1") });
    await waitFor(actor, (state) => state.matches("working"), WAIT);
    actor.send({ type: "job", job: job("e2") });
    actor.send({ type: "job", job: job("e3") });
    gate.reject(new Error("store write failed"));
    const snapshot = await waitFor(actor, (state) => state.status === "done", WAIT);
    expect(snapshot.value).toBe("crashed");
    expect(snapshot.output).toEqual({ message: "store write failed", pending: [job("e1"), job("e2"), job("e3")] });
  });

  test("a later revision for the same user replaces the queued one, whose message is let go", async () => {
    const gate = deferred<JobOutcome>();
    const { actor, ran, settled } = startModuleActor({
      runJob: (input) => (input.job.eventId === "e1" ? gate.promise : Promise.resolve({ status: "ok" })),
    });
    actor.send({ type: "job", job: job("e1") });
    await waitFor(actor, (state) => state.matches("working"), WAIT);
    actor.send({ type: "job", job: job("old", "u2") });
    actor.send({ type: "job", job: job("other", "u3") });
    actor.send({ type: "job", job: job("new", "u2", 2) });
    expect(actor.getSnapshot().context.queue.map((queued) => queued.eventId)).toEqual(["other", "new"]);
    expect(actor.getSnapshot().context.counters.skipped).toBe(1);
    expect(settled).toEqual([{ eventId: "old", reason: "superseded" }]);
    gate.resolve({ status: "ok" });
    await waitFor(actor, (state) => state.context.counters.processed === 3, WAIT);
    expect(ran.map((input) => input.job.eventId)).toEqual(["e1", "other", "new"]);
    actor.stop();
  });

  test("the queue is bounded: jobs beyond maxQueue are handed back and counted", async () => {
    const gate = deferred<JobOutcome>();
    const { actor, ran, settled } = startModuleActor({
      input: { maxQueue: 2 },
      runJob: (input) => (input.job.eventId === "e1" ? gate.promise : Promise.resolve({ status: "ok" })),
    });
    actor.send({ type: "job", job: job("e1") });
    await waitFor(actor, (state) => state.matches("working"), WAIT);
    for (const id of ["e2", "e3", "e4", "e5"]) actor.send({ type: "job", job: job(id) });
    const snapshot = actor.getSnapshot();
    expect(snapshot.context.queue.map((queued) => queued.eventId)).toEqual(["e2", "e3"]);
    expect(snapshot.context.counters.dropped).toBe(2);
    expect(settled).toEqual([
      { eventId: "e4", reason: "queue_full" },
      { eventId: "e5", reason: "queue_full" },
    ]);
    gate.resolve({ status: "ok" });
    await waitFor(actor, (state) => state.context.counters.processed === 3, WAIT);
    expect(ran.map((input) => input.job.eventId)).toEqual(["e1", "e2", "e3"]);
    actor.stop();
  });

  test("config.changed while loading is applied: the actor loads again once the first load is done", async () => {
    const first = deferred<ConfigState>();
    let calls = 0;
    const { actor, loads } = startModuleActor({
      loadConfig: () => (++calls === 1 ? first.promise : Promise.resolve(configVersion(2))),
    });
    expect(actor.getSnapshot().value).toBe("loading");
    actor.send({ type: "config.changed" });
    first.resolve(configVersion(1));
    await waitFor(actor, (state) => state.matches("ready") && state.context.config?.version === 2, WAIT);
    expect(loads()).toBe(2);
    actor.stop();
  });

  test("jobs wait while config is loading and run once it is there", async () => {
    const load = deferred<ConfigState>();
    const { actor, ran } = startModuleActor({ loadConfig: () => load.promise });
    actor.send({ type: "job", job: job("e1") });
    expect(actor.getSnapshot().context.queue).toHaveLength(1);
    expect(ran).toHaveLength(0);
    load.resolve(configVersion(7));
    await waitFor(actor, (state) => state.context.counters.processed === 1, WAIT);
    expect(ran[0]?.config.version).toBe(7);
    actor.stop();
  });

  test("user.deleted drops that user's queued jobs and keeps the others", async () => {
    const gate = deferred<JobOutcome>();
    const { actor, ran, settled } = startModuleActor({
      runJob: (input) => (input.job.eventId === "e1" ? gate.promise : Promise.resolve({ status: "ok" })),
    });
    actor.send({ type: "job", job: job("e1", "u1") });
    await waitFor(actor, (state) => state.matches("working"), WAIT);
    actor.send({ type: "job", job: job("e2", "u2") });
    actor.send({ type: "job", job: job("e3", "u3") });
    actor.send({ type: "user.deleted", userId: "u2", upTo: CREATED });
    actor.send({ type: "job", job: { ...job("e4", "u2"), userCreatedAt: new Date(CREATED.getTime() + 1) } });
    // A late job of the erased user does not supersede the new user's job of the same revision.
    actor.send({ type: "job", job: job("e5", "u2") });
    actor.send({ type: "user.deleted", userId: "u2", upTo: CREATED });
    // The job of the user created again under u2 after the erasure is someone else's, and stays.
    expect(actor.getSnapshot().context.queue.map((queued) => queued.eventId)).toEqual(["e3", "e4"]);
    expect(settled).toEqual([
      { eventId: "e2", reason: "user_deleted" },
      { eventId: "e5", reason: "user_deleted" },
    ]);
    gate.resolve({ status: "ok" });
    await waitFor(actor, (state) => state.context.counters.processed === 3, WAIT);
    expect(ran.map((input) => input.job.eventId)).toEqual(["e1", "e3", "e4"]);
    actor.stop();
  });
});
