import { assign, fromPromise, setup } from "xstate";
import type { CalculationJob, ConfigState, CrashReport, JobOutcome } from "./jobs.ts";

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
  | { type: "user.deleted"; userId: string };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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
    loadConfig: fromPromise<ConfigState, { moduleName: string }>(async () => {
      throw new Error("loadConfig is not provided");
    }),
    runJob: fromPromise<JobOutcome, { moduleName: string; job: CalculationJob; config: ConfigState }>(async () => {
      throw new Error("runJob is not provided");
    }),
  },
  guards: {
    hasQueuedJob: ({ context }) => context.queue.length > 0,
  },
  delays: {
    configRetryDelay: ({ context }) =>
      Math.min(context.configRetry.maxMs, context.configRetry.initialMs * 2 ** Math.max(0, context.configAttempts - 1)),
  },
  actions: {
    enqueue: assign(({ context, event }) => {
      if (event.type !== "job") return {};
      // A newer event for the same user makes a queued older one pointless.
      const queue = context.queue.filter((job) => job.userId !== event.job.userId);
      const replaced = context.queue.length - queue.length;
      if (queue.length >= context.maxQueue) {
        return { counters: { ...context.counters, dropped: context.counters.dropped + 1 + replaced } };
      }
      return { queue: [...queue, event.job], counters: { ...context.counters, skipped: context.counters.skipped + replaced } };
    }),
    dropUser: assign(({ context, event }) =>
      event.type === "user.deleted" ? { queue: context.queue.filter((job) => job.userId !== event.userId) } : {},
    ),
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
    job: { actions: "enqueue" },
    "user.deleted": { actions: "dropUser" },
  },
  initial: "loading",
  states: {
    loading: {
      invoke: {
        src: "loadConfig",
        input: ({ context }) => ({ moduleName: context.moduleName }),
        onDone: {
          target: "ready",
          actions: assign({ config: ({ event }) => event.output, configAttempts: 0 }),
        },
        onError: {
          target: "backoff",
          actions: assign({
            configAttempts: ({ context }) => context.configAttempts + 1,
            lastError: ({ event }) => ({ message: errorMessage(event.error), at: new Date().toISOString() }),
          }),
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
      on: {
        // Reload after the job in hand, so a job never mixes two configs.
        "config.changed": { actions: assign({ reloadRequested: true }) },
      },
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
            lastError: ({ event }) => ({ message: errorMessage(event.error), at: new Date().toISOString() }),
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
