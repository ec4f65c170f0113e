import { assign, enqueueActions, setup } from "xstate";
import { errorMessage, failedConfigLoad, failure, notProvided } from "./actor-effects.ts";
import { type CalculationJob, type ConfigState, type CrashReport, type JobOutcome, type SettleReason, supersedes } from "./jobs.ts";
import { backoffDelay } from "./backoff.ts";
import { type Erasure, splitByErasure } from "./erasures.ts";

export interface ModuleActorInput {
  moduleName: string;
  layer: string;
  /** Jobs left over by a crashed predecessor, processed first. */
  pending?: CalculationJob[];
  maxQueue: number;
  configRetry: { initialMs: number; maxMs: number };
}

export interface ModuleCounters {
  processed: number;
  failed: number;
  skipped: number;
  dropped: number;
}

export interface ModuleActorContext {
  moduleName: string;
  layer: string;
  config?: ConfigState;
  queue: CalculationJob[];
  current?: CalculationJob;
  configAttempts: number;
  reloadRequested: boolean;
  lastError?: { message: string; at: string };
  counters: ModuleCounters;
  maxQueue: number;
  configRetry: { initialMs: number; maxMs: number };
}

export type ModuleActorEvent =
  | { type: "job"; job: CalculationJob }
  | { type: "config.changed" }
  | ({ type: "user.deleted" } & Erasure);

/**
 * The generic module actor: loading config → ready ⇄ working, with failure → backoff → retry. Its effects
 * (`loadConfig`, `runJob`) are named actors the node provides, so the machine holds no I/O and tests can
 * provide their own. A job whose calculation fails for that user resolves with status "error" (recorded,
 * `module.error` emitted) and the actor carries on; a job whose storage or publishing fails ends the actor
 * in `crashed`, handing its pending jobs to the supervisor, which restarts it.
 */
export const moduleActorMachine = setup({
  types: {
    context: {} as ModuleActorContext,
    events: {} as ModuleActorEvent,
    input: {} as ModuleActorInput,
    output: {} as CrashReport,
  },
  actors: {
    loadConfig: notProvided<ConfigState, { moduleName: string }>("loadConfig"),
    runJob: notProvided<JobOutcome, { moduleName: string; job: CalculationJob; config: ConfigState }>("runJob"),
  },
  guards: {
    hasQueuedJob: ({ context }) => context.queue.length > 0,
  },
  delays: {
    configRetryDelay: ({ context }) =>
      backoffDelay(context.configRetry.initialMs, context.configRetry.maxMs, context.configAttempts),
  },
  actions: {
    /** Jobs that end here without running; the node acknowledges their messages. Provided by the node. */
    settle: (_, _params: { jobs: CalculationJob[]; reason: SettleReason }) => undefined,
  },
}).createMachine({
  id: "module",
  context: ({ input }) => ({
    moduleName: input.moduleName,
    layer: input.layer,
    queue: [...(input.pending ?? [])],
    configAttempts: 0,
    reloadRequested: false,
    counters: { processed: 0, failed: 0, skipped: 0, dropped: 0 },
    maxQueue: input.maxQueue,
    configRetry: input.configRetry,
  }),
  on: {
    job: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const superseded = context.queue.filter((job) => supersedes(event.job, job));
        const queue = context.queue.filter((job) => !superseded.includes(job));
        if (superseded.length > 0) enqueue({ type: "settle", params: { jobs: superseded, reason: "superseded" } });
        const skipped = context.counters.skipped + superseded.length;
        if (queue.length >= context.maxQueue) {
          enqueue({ type: "settle", params: { jobs: [event.job], reason: "queue_full" } });
          enqueue.assign({ queue, counters: { ...context.counters, dropped: context.counters.dropped + 1, skipped } });
          return;
        }
        enqueue.assign({ queue: [...queue, event.job], counters: { ...context.counters, skipped } });
      }),
    },
    "user.deleted": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const { dropped, kept } = splitByErasure(context.queue, event);
        if (dropped.length === 0) return;
        enqueue({ type: "settle", params: { jobs: dropped, reason: "user_deleted" } });
        enqueue.assign({ queue: kept });
      }),
    },
    // Handled in every state, so a change that arrives while loading or backing off is not lost.
    "config.changed": { actions: assign({ reloadRequested: true }) },
  },
  initial: "loading",
  states: {
    loading: {
      // The load starting now reads the latest row: a change announced before this point is in it.
      entry: assign({ reloadRequested: false }),
      invoke: {
        src: "loadConfig",
        input: ({ context }) => ({ moduleName: context.moduleName }),
        onDone: {
          target: "ready",
          actions: assign({ config: ({ event }) => event.output, configAttempts: 0 }),
        },
        onError: {
          target: "backoff",
          actions: assign(({ context, event }) => failedConfigLoad(context.configAttempts, event.error)),
        },
      },
    },
    backoff: {
      after: { configRetryDelay: { target: "loading" } },
    },
    ready: {
      always: [
        { guard: ({ context }) => context.reloadRequested, target: "loading", actions: assign({ reloadRequested: false }) },
        { guard: "hasQueuedJob", target: "working" },
      ],
      on: { "config.changed": { target: "loading" } },
    },
    working: {
      entry: assign(({ context }) => ({ current: context.queue[0], queue: context.queue.slice(1) })),
      // A config change waits for the job in hand (root handler), so a job never mixes two configs.
      invoke: {
        src: "runJob",
        input: ({ context }) => ({
          moduleName: context.moduleName,
          job: context.current as CalculationJob,
          config: context.config as ConfigState,
        }),
        onDone: {
          target: "ready",
          actions: assign(({ context, event }) => {
            const counters = { ...context.counters };
            if (event.output.status === "ok") counters.processed += 1;
            else if (event.output.status === "skipped") counters.skipped += 1;
            else counters.failed += 1;
            return { counters, current: undefined };
          }),
        },
        onError: {
          target: "crashed",
          actions: assign({
            lastError: ({ event }) => failure(errorMessage(event.error)),
          }),
        },
      },
    },
    crashed: { type: "final" },
  },
  output: ({ context }) => ({
    message: context.lastError?.message ?? "crashed",
    pending: [...(context.current ? [context.current] : []), ...context.queue],
  }),
});
