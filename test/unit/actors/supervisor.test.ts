import { describe, expect, test } from "bun:test";
import { type AnyActorRef, createActor, fromCallback, fromPromise, waitFor } from "xstate";
import type { CalculationJob, ConfigState, JobOutcome, SettleReason } from "../../../actors/jobs.ts";
import { moduleActorMachine } from "../../../actors/module-actor.ts";
import {
  moduleActorId,
  type PipelineTask,
  type RestartPolicy,
  restartDelay,
  type SupervisorInput,
  supervisorMachine,
} from "../../../actors/supervisor.ts";
import { BIRTH } from "../modules/fixtures.ts";

type RunJobInput = { moduleName: string; job: CalculationJob; config: ConfigState };

const WAIT = { timeout: 2_000 };
const EVENT_TIME = "2026-01-01T00:00:00.000Z";

const CREATED = new Date("2025-12-31T00:00:00.000Z");
const job = (eventId: string, userId = `user-${eventId}`): CalculationJob => ({ userId, eventId, revision: 1, userCreatedAt: CREATED, eventTime: EVENT_TIME, birth: BIRTH });

interface Harness {
  runJob?: (input: RunJobInput) => Promise<JobOutcome>;
  restart?: Partial<RestartPolicy>;
  modules?: string[];
}

function startSupervisor(harness: Harness = {}) {
  const tasks: PipelineTask[] = [];
  const ran: RunJobInput[] = [];
  const settled: { module: string; eventId: string; reason: SettleReason }[] = [];
  const loads: string[] = [];
  // The recorders live outside any actor, so `waitFor` cannot see them; each record wakes these instead.
  const watchers = new Set<() => void>();
  const recorded = () => {
    for (const watch of [...watchers]) watch();
  };
  const until = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const watch = () => {
        if (!check()) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve();
      };
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT.timeout);
      watchers.add(watch);
    });
  const settle = (module: string, jobs: CalculationJob[], reason: SettleReason): void => {
    for (const settledJob of jobs) settled.push({ module, eventId: settledJob.eventId, reason });
  };
  const machine = supervisorMachine.provide({
    actions: { settle: (_, params) => settle(params.module, params.jobs, params.reason) },
    actors: {
      moduleActor: moduleActorMachine.provide({
        actions: { settle: ({ context }, params) => settle(context.moduleName, params.jobs, params.reason) },
        actors: {
          loadConfig: fromPromise<ConfigState, { moduleName: string }>(async ({ input }) => {
            loads.push(input.moduleName);
            recorded();
            return { config: {}, version: 1, source: "defaults" };
          }),
          runJob: fromPromise<JobOutcome, RunJobInput>(async ({ input }) => {
            ran.push(input);
            recorded();
            return harness.runJob ? harness.runJob(input) : { status: "ok" };
          }),
        },
      }),
      pipeline: fromCallback<PipelineTask>(({ receive }) => {
        receive((task) => tasks.push(task));
      }),
    },
  });
  const input: SupervisorInput = {
    modules: (harness.modules ?? ["alpha", "beta"]).map((name) => ({ name, layer: "calculation" })),
    restart: { initialMs: 1, maxMs: 4, maxRestarts: 2, windowMs: 60_000, ...harness.restart },
    maxQueue: 100,
    configRetry: { initialMs: 1, maxMs: 4 },
  };
  const supervisor = createActor(machine, { input });
  supervisor.start();
  const child = (name: string): AnyActorRef | undefined => supervisor.system.get(moduleActorId(name));
  const ranBy = (name: string) => ran.filter((input) => input.moduleName === name).map((input) => input.job.eventId);
  // The node subscribes once per hosted module, so each module gets its own copy of a revision.
  const birthDataUpdated = (eventId: string, userId?: string, modules = input.modules.map((module) => module.name)) => {
    for (const module of modules) {
      supervisor.send({ type: "birth_data.updated", userId: userId ?? `user-${eventId}`, module, job: job(eventId, userId) });
    }
  };
  return { supervisor, tasks, ran, settled, loads, child, ranBy, birthDataUpdated, until };
}

describe("restartDelay", () => {
  test("doubles from the initial delay and stops at the maximum", () => {
    const policy: RestartPolicy = { initialMs: 200, maxMs: 1_000, maxRestarts: 5, windowMs: 60_000 };
    expect([1, 2, 3, 4, 10].map((attempt) => restartDelay(policy, attempt))).toEqual([200, 400, 800, 1_000, 1_000]);
    expect(restartDelay(policy, 0)).toBe(200);
  });
});

describe("supervisor", () => {
  test("spawns one module actor per module, each loading its config", async () => {
    const { supervisor, child, loads, until } = startSupervisor();
    expect(child("alpha")).toBeDefined();
    expect(child("beta")).toBeDefined();
    expect(child("gamma")).toBeUndefined();
    await until(() => loads.length === 2, "both configs");
    expect(loads.sort()).toEqual(["alpha", "beta"]);
    expect(supervisor.getSnapshot().context.health.alpha).toEqual({ restarts: [], failed: false, down: false, held: [] });
    supervisor.stop();
  });

  test("birth_data.updated reaches only the module it names", async () => {
    const { supervisor, tasks, ranBy, birthDataUpdated, until } = startSupervisor();
    birthDataUpdated("e1", "u1", ["alpha"]);
    birthDataUpdated("e2", "u2");
    await until(() => ranBy("alpha").length === 2 && ranBy("beta").length === 1, "alpha to run e1, e2 and beta e2");
    expect(tasks).toEqual([]);
    expect(ranBy("alpha")).toEqual(["e1", "e2"]);
    expect(ranBy("beta")).toEqual(["e2"]);
    supervisor.stop();
  });

  test("synthesis.due and user.deleted reach the pipeline with the key their message waits under", () => {
    const { supervisor, tasks } = startSupervisor();
    supervisor.send({ type: "synthesis.due", userId: "u1", revision: 3, key: "k1" });
    supervisor.send({ type: "user.deleted", userId: "u2", upTo: CREATED });
    expect(tasks).toEqual([
      { type: "synthesize", userId: "u1", revision: 3, key: "k1" },
      { type: "user.deleted", userId: "u2", upTo: CREATED },
    ]);
    supervisor.stop();
  });

  test("config.updated reloads only the named module", async () => {
    const { supervisor, child, loads, until } = startSupervisor();
    await until(() => loads.length === 2, "both configs");
    const alpha = child("alpha");
    if (alpha === undefined) throw new Error("alpha is not running");
    await waitFor(alpha, (state) => state.value === "ready", WAIT);
    supervisor.send({ type: "config.updated", moduleName: "alpha" });
    supervisor.send({ type: "config.updated", moduleName: "unknown" });
    await until(() => loads.length === 3, "alpha to reload");
    expect(loads.slice(2)).toEqual(["alpha"]);
    supervisor.stop();
  });

  test("after intake.stop new birth data is no longer taken in", () => {
    const { supervisor, tasks, birthDataUpdated } = startSupervisor();
    supervisor.send({ type: "intake.stop" });
    expect(supervisor.getSnapshot().value).toBe("draining");
    birthDataUpdated("e1");
    supervisor.send({ type: "synthesis.due", userId: "u1", revision: 1 });
    expect(tasks).toEqual([{ type: "synthesize", userId: "u1", revision: 1 }]);
    supervisor.stop();
  });

  test("a crashed module is restarted under the same id with the jobs it had pending", async () => {
    let crashes = 0;
    const { supervisor, child, ranBy, birthDataUpdated, until } = startSupervisor({
      runJob: async (input) => {
        if (input.moduleName === "alpha" && input.job.eventId === "e1" && crashes === 0) {
          crashes += 1;
          throw new Error("store write failed");
        }
        return { status: "ok" };
      },
    });
    const first = child("alpha");
    birthDataUpdated("e1");
    birthDataUpdated("e2");
    const restarted = await waitFor(supervisor, (state) => state.context.health.alpha?.restarts.length === 1, WAIT);
    expect(restarted.context.health.alpha?.lastCrash).toBe("store write failed");
    await until(() => ranBy("alpha").length === 3, "alpha to finish after its restart");
    expect(ranBy("alpha")).toEqual(["e1", "e1", "e2"]);
    expect(ranBy("beta")).toEqual(["e1", "e2"]);
    const second = child("alpha");
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(second?.id).toBe(moduleActorId("alpha"));
    const health = supervisor.getSnapshot().context.health.alpha;
    expect(health).toMatchObject({ failed: false, down: false, held: [] });
    supervisor.stop();
  });

  test("jobs that arrive while a module is down are held and handed to its successor", async () => {
    let crashed = false;
    const { supervisor, ranBy, birthDataUpdated, until } = startSupervisor({
      restart: { initialMs: 50, maxMs: 50 },
      runJob: async (input) => {
        if (input.moduleName === "alpha" && !crashed) {
          crashed = true;
          throw new Error("store write failed");
        }
        return { status: "ok" };
      },
    });
    birthDataUpdated("e1");
    const down = await waitFor(supervisor, (state) => state.context.health.alpha?.down === true, WAIT);
    expect(down.context.health.alpha?.held).toEqual([]);
    birthDataUpdated("e2");
    expect(supervisor.getSnapshot().context.health.alpha?.held).toEqual([job("e2")]);
    await until(() => ranBy("alpha").length === 3, "alpha to run the held job");
    expect(ranBy("alpha")).toEqual(["e1", "e1", "e2"]);
    expect(supervisor.getSnapshot().context.health.alpha).toMatchObject({ down: false, held: [] });
    supervisor.stop();
  });

  test("jobs are held for every module that is down at once", async () => {
    const crashed = new Set<string>();
    const { supervisor, ranBy, birthDataUpdated, until } = startSupervisor({
      restart: { initialMs: 60, maxMs: 60 },
      runJob: async (input) => {
        if (!crashed.has(input.moduleName)) {
          crashed.add(input.moduleName);
          throw new Error("store write failed");
        }
        return { status: "ok" };
      },
    });
    birthDataUpdated("e1");
    await waitFor(supervisor, (state) => state.context.health.alpha?.down === true && state.context.health.beta?.down === true, WAIT);
    birthDataUpdated("e2");
    const health = supervisor.getSnapshot().context.health;
    expect(health.alpha?.held).toEqual([job("e2")]);
    expect(health.beta?.held).toEqual([job("e2")]);
    await until(() => ranBy("alpha").length === 3 && ranBy("beta").length === 3, "both successors to run e1 and e2");
    expect(ranBy("alpha")).toEqual(["e1", "e1", "e2"]);
    expect(ranBy("beta")).toEqual(["e1", "e1", "e2"]);
    supervisor.stop();
  });

  test("an erased user's jobs held for a down module never run", async () => {
    let crashed = false;
    const { supervisor, ranBy, settled, birthDataUpdated, until } = startSupervisor({
      modules: ["alpha"],
      restart: { initialMs: 60, maxMs: 60 },
      runJob: async () => {
        if (!crashed) {
          crashed = true;
          throw new Error("store write failed");
        }
        return { status: "ok" };
      },
    });
    birthDataUpdated("e1", "u1");
    await waitFor(supervisor, (state) => state.context.health.alpha?.down === true, WAIT);
    birthDataUpdated("e2", "u2");
    birthDataUpdated("e3", "u3");
    supervisor.send({ type: "user.deleted", userId: "u1", upTo: CREATED });
    supervisor.send({ type: "user.deleted", userId: "u2", upTo: CREATED });
    expect(supervisor.getSnapshot().context.health.alpha?.held).toEqual([job("e3", "u3")]);
    await until(() => ranBy("alpha").length === 2, "the successor to run what is left");
    // e1 travelled in the crash report and e2 was held: both belong to erased users, and their messages are let go.
    expect(ranBy("alpha")).toEqual(["e1", "e3"]);
    expect(settled).toEqual([
      { module: "alpha", eventId: "e2", reason: "user_deleted" },
      { module: "alpha", eventId: "e1", reason: "user_deleted" },
    ]);
    supervisor.stop();
  });

  test("beyond maxRestarts inside the window the module is marked failed and gets no more jobs", async () => {
    const { supervisor, child, ranBy, settled, birthDataUpdated, until } = startSupervisor({
      restart: { maxRestarts: 2 },
      runJob: async (input) => {
        if (input.moduleName === "alpha") throw new Error("always broken");
        return { status: "ok" };
      },
    });
    birthDataUpdated("e1");
    const failed = await waitFor(supervisor, (state) => state.context.health.alpha?.failed === true, WAIT);
    // Two restarts are allowed; the third crash marks the module failed instead of restarting it.
    expect(ranBy("alpha")).toEqual(["e1", "e1", "e1"]);
    expect(failed.context.health.alpha).toMatchObject({ failed: true, down: true, held: [], lastCrash: "always broken" });
    expect(failed.context.health.alpha?.restarts).toHaveLength(2);
    expect(failed.context.health.beta).toMatchObject({ failed: false, down: false });
    expect(child("alpha")).toBeUndefined();
    birthDataUpdated("e2");
    await until(() => ranBy("beta").length === 2, "beta to run e2");
    expect(ranBy("alpha")).toEqual(["e1", "e1", "e1"]);
    expect(supervisor.getSnapshot().context.health.alpha?.held).toEqual([]);
    // Work the failed module cannot do is handed back (its messages acknowledged; the reconciler re-issues it).
    expect(settled).toEqual([
      { module: "alpha", eventId: "e1", reason: "module_failed" },
      { module: "alpha", eventId: "e2", reason: "module_failed" },
    ]);
    supervisor.stop();
  });

  test("restarts older than the window do not count against the budget", async () => {
    let alphaRuns = 0;
    const { supervisor, ranBy, birthDataUpdated, until } = startSupervisor({
      // The restart delay (at least 2 ms) outlasts the 1 ms window, so each earlier restart has aged out.
      restart: { initialMs: 2, maxMs: 4, maxRestarts: 1, windowMs: 1 },
      runJob: async (input) => {
        if (input.moduleName === "alpha" && ++alphaRuns <= 2) throw new Error("flaky");
        return { status: "ok" };
      },
    });
    birthDataUpdated("e1");
    await until(() => ranBy("alpha").length === 3, "alpha to succeed on its third run");
    await waitFor(supervisor, (state) => state.context.health.alpha?.down === false, WAIT);
    expect(supervisor.getSnapshot().context.health.alpha?.failed).toBe(false);
    supervisor.stop();
  });
});
