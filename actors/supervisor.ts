import { type ActorRefFrom, enqueueActions, fromCallback, raise, sendTo, setup } from "xstate";
import type { CalculationJob, CrashReport, SettleReason } from "./jobs.ts";
import { moduleActorMachine } from "./module-actor.ts";
import { trackingActorMachine } from "./tracking-actor.ts";
import { personalActorMachine } from "./personal-actor.ts";
import { backoffDelay } from "./backoff.ts";
import { type Erasure, erases, splitByErasure } from "./erasures.ts";

/**
 * Work the supervisor hands to its pipeline worker (the I/O of synthesis and erasure). `key` names the
 * message waiting for the task, so the node acknowledges it once the task is done.
 */
export type PipelineTask =
  | { type: "synthesize"; userId: string; revision: number; key?: string }
  | ({ type: "user.deleted"; key?: string } & Erasure);

export type SupervisorEvent =
  | { type: "birth_data.updated"; userId: string; module: string; job: CalculationJob }
  | ({ type: "user.deleted"; key?: string } & Erasure)
  | { type: "synthesis.due"; userId: string; revision: number; key?: string }
  | { type: "config.updated"; moduleName: string }
  /** Something about a person changed (a journal entry, a sky event naming them): the module runs for them (debounced). */
  | { type: "person.changed"; userId: string; module: string }
  /** Something about everyone changed (a sky event): the module looks up everyone it left due (debounced). */
  | { type: "everyone.changed"; module: string }
  | { type: "module.restart"; moduleName: string; pending: CalculationJob[] }
  | { type: "intake.stop" };

export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
  /** Restarts allowed inside `windowMs` before the module is marked failed. */
  maxRestarts: number;
  windowMs: number;
}

/** A hosted module as the supervisor sees it; `personal` modules run per person (the observer). */
export interface SupervisedModule {
  name: string;
  layer: string;
  personal?: boolean;
}

export interface SupervisorInput {
  modules: SupervisedModule[];
  restart: RestartPolicy;
  maxQueue: number;
  configRetry: { initialMs: number; maxMs: number };
}

export interface ModuleHealth {
  restarts: number[];
  failed: boolean;
  down: boolean;
  held: CalculationJob[];
  lastCrash?: string;
}

export interface SupervisorContext {
  modules: SupervisedModule[];
  health: Record<string, ModuleHealth>;
  restart: RestartPolicy;
  maxQueue: number;
  configRetry: { initialMs: number; maxMs: number };
  /** Users erased recently (bounded by maxQueue), so a restarting actor does not run their jobs. */
  erased: Erasure[];
}

export const moduleActorId = (name: string): string => `module.${name}`;
const MODULE_DONE_PREFIX = "xstate.done.actor.module.";

/** How a calculation module's actor is spawned: at start with no jobs, on restart with those it left. */
function moduleActorSpawn(context: SupervisorContext, module: { name: string; layer: string }, pending: CalculationJob[]) {
  return {
    id: moduleActorId(module.name),
    systemId: moduleActorId(module.name),
    input: {
      moduleName: module.name,
      layer: module.layer,
      pending,
      maxQueue: context.maxQueue,
      configRetry: context.configRetry,
    },
  };
}

/** Delay before the n-th restart (1-based): exponential, capped. */
export function restartDelay(policy: RestartPolicy, attempt: number): number {
  return backoffDelay(policy.initialMs, policy.maxMs, attempt);
}

/**
 * The synthesis supervisor: parent of the node's module actors and the only writer of syntheses (through
 * its pipeline worker). It spawns one actor per hosted module, routes bus events to them, and restarts a
 * crashed one with exponential backoff inside a restart budget, handing it the jobs it had not finished.
 */
export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    events: {} as SupervisorEvent | { type: `xstate.done.actor.${string}`; output: CrashReport },
    input: {} as SupervisorInput,
  },
  actors: {
    moduleActor: moduleActorMachine,
    trackingActor: trackingActorMachine,
    personalActor: personalActorMachine,
    pipeline: fromCallback<PipelineTask>(() => {
      throw new Error("pipeline is not provided");
    }),
  },
  guards: {
    /** The event names a per-person module this node hosts (the others' events are theirs). */
    hostsPersonalModule: ({ context, event }) =>
      "module" in event && context.modules.some((module) => module.personal === true && module.name === event.module),
  },
  actions: {
    /** Jobs that end here without running (their module failed, their user was erased). Provided by the node. */
    settle: (_, _params: { module: string; jobs: CalculationJob[]; reason: SettleReason }) => undefined,
  },
}).createMachine({
  id: "supervisor",
  context: ({ input }) => ({
    modules: input.modules,
    health: Object.fromEntries(
      input.modules.map((module) => [module.name, { restarts: [], failed: false, down: false, held: [] }]),
    ),
    restart: input.restart,
    maxQueue: input.maxQueue,
    configRetry: input.configRetry,
    erased: [],
  }),
  invoke: { id: "pipeline", systemId: "pipeline", src: "pipeline" },
  entry: enqueueActions(({ context, enqueue }) => {
    for (const module of context.modules) {
      if (module.layer === "tracking") {
        enqueue.spawnChild("trackingActor", {
          id: moduleActorId(module.name),
          systemId: moduleActorId(module.name),
          input: { moduleName: module.name, layer: module.layer, configRetry: context.configRetry },
        });
        continue;
      }
      if (module.personal === true) {
        enqueue.spawnChild("personalActor", {
          id: moduleActorId(module.name),
          systemId: moduleActorId(module.name),
          input: { moduleName: module.name, layer: module.layer, configRetry: context.configRetry },
        });
        continue;
      }
      // Other modules (calculation; intelligence modules that only hold their config) get the generic actor.
      enqueue.spawnChild("moduleActor", moduleActorSpawn(context, module, []));
    }
  }),
  initial: "running",
  states: {
    running: {
      on: {
        "birth_data.updated": {
          actions: enqueueActions(({ context, event, enqueue }) => {
            // Several modules may be down at once: gather their held jobs into one update.
            const health = { ...context.health };
            let changed = false;
            for (const module of context.modules) {
              const current = health[module.name];
              if (current === undefined || module.layer !== "calculation" || module.name !== event.module) continue;
              if (current.failed) {
                enqueue({ type: "settle", params: { module: module.name, jobs: [event.job], reason: "module_failed" } });
              } else if (current.down) {
                const held = [...current.held, event.job];
                const overflow = held.slice(0, Math.max(0, held.length - context.maxQueue));
                if (overflow.length > 0) enqueue({ type: "settle", params: { module: module.name, jobs: overflow, reason: "queue_full" } });
                health[module.name] = { ...current, held: held.slice(overflow.length) };
                changed = true;
              } else {
                enqueue.sendTo(moduleActorId(module.name), { type: "job", job: event.job });
              }
            }
            if (changed) enqueue.assign({ health });
          }),
        },
        "intake.stop": { target: "draining" },
      },
    },
    draining: {},
  },
  on: {
    "user.deleted": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const erasure: Erasure = { userId: event.userId, upTo: event.upTo };
        enqueue.sendTo("pipeline", { type: "user.deleted", ...erasure, ...(event.key !== undefined ? { key: event.key } : {}) } satisfies PipelineTask);
        const health = { ...context.health };
        for (const module of context.modules) {
          const current = health[module.name];
          if (module.personal === true) enqueue.sendTo(moduleActorId(module.name), { type: "user.deleted", userId: event.userId });
          if (module.layer !== "calculation" || current === undefined) continue;
          if (current.down) {
            const { dropped, kept } = splitByErasure(current.held, erasure);
            if (dropped.length > 0) enqueue({ type: "settle", params: { module: module.name, jobs: dropped, reason: "user_deleted" } });
            health[module.name] = { ...current, held: kept };
          } else {
            enqueue.sendTo(moduleActorId(module.name), { type: "user.deleted", ...erasure });
          }
        }
        // Jobs a crashed actor handed over travel in its scheduled restart: remember the erasure until then.
        enqueue.assign({ health, erased: [...context.erased, erasure].slice(-context.maxQueue) });
      }),
    },
    "person.changed": {
      guard: "hostsPersonalModule",
      actions: sendTo(({ event }) => moduleActorId(event.module), ({ event }) => ({ type: "person.changed", userId: event.userId })),
    },
    "everyone.changed": {
      guard: "hostsPersonalModule",
      actions: sendTo(({ event }) => moduleActorId(event.module), { type: "everyone.changed" }),
    },
    "synthesis.due": {
      actions: sendTo(
        "pipeline",
        ({ event }) =>
          ({
            type: "synthesize",
            userId: event.userId,
            revision: event.revision,
            ...(event.key !== undefined ? { key: event.key } : {}),
          }) satisfies PipelineTask,
      ),
    },
    "config.updated": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        if (context.health[event.moduleName]?.down === false) {
          enqueue.sendTo(moduleActorId(event.moduleName), { type: "config.changed" });
        }
      }),
    },
    "xstate.done.actor.*": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        if (!event.type.startsWith(MODULE_DONE_PREFIX) || !("output" in event)) return;
        const name = event.type.slice(MODULE_DONE_PREFIX.length);
        const health = context.health[name];
        if (health === undefined) return;
        const now = Date.now();
        const recent = health.restarts.filter((at) => now - at < context.restart.windowMs);
        const pending = [...event.output.pending, ...health.held];
        if (recent.length >= context.restart.maxRestarts) {
          if (pending.length > 0) enqueue({ type: "settle", params: { module: name, jobs: pending, reason: "module_failed" } });
          enqueue.assign({
            health: { ...context.health, [name]: { ...health, restarts: recent, failed: true, down: true, held: [], lastCrash: event.output.message } },
          });
          return;
        }
        enqueue.assign({
          health: {
            ...context.health,
            [name]: { ...health, restarts: [...recent, now], down: true, held: [], lastCrash: event.output.message },
          },
        });
        enqueue(
          raise({ type: "module.restart", moduleName: name, pending } satisfies SupervisorEvent, {
            delay: restartDelay(context.restart, recent.length + 1),
          }),
        );
      }),
    },
    "module.restart": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const module = context.modules.find((candidate) => candidate.name === event.moduleName);
        const health = context.health[event.moduleName];
        if (module === undefined || health === undefined) return;
        const handed = [...event.pending, ...health.held];
        const erased = handed.filter((job) => context.erased.some((erasure) => erases(erasure, job)));
        if (erased.length > 0) enqueue({ type: "settle", params: { module: module.name, jobs: erased, reason: "user_deleted" } });
        const kept = handed.filter((job) => !erased.includes(job));
        const overflow = kept.slice(0, Math.max(0, kept.length - context.maxQueue));
        if (overflow.length > 0) enqueue({ type: "settle", params: { module: module.name, jobs: overflow, reason: "queue_full" } });
        enqueue.spawnChild(
          "moduleActor",
          moduleActorSpawn(context, module, kept.slice(overflow.length)),
        );
        enqueue.assign({ health: { ...context.health, [module.name]: { ...health, down: false, held: [] } } });
      }),
    },
  },
});

export type SupervisorActor = ActorRefFrom<typeof supervisorMachine>;
