import { assign, setup } from "xstate";
import { errorMessage, failedConfigLoad, failure, notProvided } from "./actor-effects.ts";
import type { ConfigState } from "./jobs.ts";
import { backoffDelay } from "./backoff.ts";

export interface TickOutcome {
  status: "ticked" | "claimed_elsewhere";
  /** The tick's instant: the next tick's window starts here. */
  at: string;
  occurrences_published: number;
}

export interface TrackingActorContext {
  moduleName: string;
  layer: string;
  config?: ConfigState;
  /** Instant of the last tick this actor completed: the start of the next tick's window. */
  lastTickAt?: string;
  failures: number;
  configAttempts: number;
  reloadRequested: boolean;
  lastError?: { message: string; at: string };
  counters: { ticks: number; skipped: number; failed: number; published: number };
  configRetry: { initialMs: number; maxMs: number };
}

export type TrackingActorEvent = { type: "config.changed" } | { type: "tick.now" };

/** The schedule of a tracking module, read from its validated config. */
export function scheduleOf(config: ConfigState | undefined): { cadenceMs: number; retryInitialMs: number } {
  const cadence = Number(config?.config.cadence_seconds ?? 60);
  const retry = Number(config?.config.retry_initial_seconds ?? 5);
  return { cadenceMs: cadence * 1000, retryInitialMs: retry * 1000 };
}

/** Delay until the next tick: the next multiple of the cadence, so every node agrees on the tick slots. */
export function delayToNextSlot(nowMs: number, cadenceMs: number): number {
  return cadenceMs - (nowMs % cadenceMs);
}

/**
 * A tracking module's actor: loading config → waiting ⇄ ticking on the module's cadence (XState delayed
 * transitions, no external scheduler). A failed tick backs off exponentially (capped at the cadence) and
 * retries; the schedule itself is never lost, because waiting always aims at the next cadence slot.
 */
export const trackingActorMachine = setup({
  types: {
    context: {} as TrackingActorContext,
    events: {} as TrackingActorEvent,
    input: {} as { moduleName: string; layer: string; configRetry: { initialMs: number; maxMs: number } },
  },
  actors: {
    loadConfig: notProvided<ConfigState, { moduleName: string }>("loadConfig"),
    runTick: notProvided<TickOutcome, { moduleName: string; config: ConfigState; windowStart?: string }>("runTick"),
  },
  delays: {
    untilNextSlot: ({ context }) => delayToNextSlot(Date.now(), scheduleOf(context.config).cadenceMs),
    retryDelay: ({ context }) => {
      const { cadenceMs, retryInitialMs } = scheduleOf(context.config);
      return backoffDelay(retryInitialMs, cadenceMs, context.failures);
    },
    configRetryDelay: ({ context }) =>
      backoffDelay(context.configRetry.initialMs, context.configRetry.maxMs, context.configAttempts),
  },
}).createMachine({
  id: "tracker",
  context: ({ input }) => ({
    moduleName: input.moduleName,
    layer: input.layer,
    failures: 0,
    configAttempts: 0,
    reloadRequested: false,
    counters: { ticks: 0, skipped: 0, failed: 0, published: 0 },
    configRetry: input.configRetry,
  }),
  // Handled in every state, so a change that arrives while loading or backing off is not lost.
  on: { "config.changed": { actions: assign({ reloadRequested: true }) } },
  initial: "loading",
  states: {
    loading: {
      // The load starting now reads the latest row: a change announced before this point is in it.
      entry: assign({ reloadRequested: false }),
      invoke: {
        src: "loadConfig",
        input: ({ context }) => ({ moduleName: context.moduleName }),
        onDone: { target: "ticking", actions: assign({ config: ({ event }) => event.output, configAttempts: 0 }) },
        onError: {
          target: "configBackoff",
          actions: assign(({ context, event }) => failedConfigLoad(context.configAttempts, event.error)),
        },
      },
    },
    configBackoff: { after: { configRetryDelay: { target: "loading" } } },
    waiting: {
      always: { guard: ({ context }) => context.reloadRequested, target: "loading", actions: assign({ reloadRequested: false }) },
      after: { untilNextSlot: { target: "ticking" } },
      on: { "config.changed": { target: "loading" }, "tick.now": { target: "ticking" } },
    },
    ticking: {
      invoke: {
        src: "runTick",
        input: ({ context }) => ({
          moduleName: context.moduleName,
          config: context.config as ConfigState,
          ...(context.lastTickAt !== undefined ? { windowStart: context.lastTickAt } : {}),
        }),
        onDone: {
          target: "waiting",
          actions: assign(({ context, event }) => ({
            failures: 0,
            lastTickAt: event.output.at,
            counters: {
              ...context.counters,
              ticks: context.counters.ticks + (event.output.status === "ticked" ? 1 : 0),
              skipped: context.counters.skipped + (event.output.status === "claimed_elsewhere" ? 1 : 0),
              published: context.counters.published + event.output.occurrences_published,
            },
          })),
        },
        onError: {
          target: "retrying",
          actions: assign(({ context, event }) => ({
            failures: context.failures + 1,
            lastError: failure(errorMessage(event.error)),
            counters: { ...context.counters, failed: context.counters.failed + 1 },
          })),
        },
      },
    },
    retrying: {
      after: { retryDelay: { target: "ticking" } },
      on: { "config.changed": { target: "loading" } },
    },
  },
});
