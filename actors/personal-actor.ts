import { assign, enqueueActions, setup } from "xstate";
import { errorKind, errorMessage, failedConfigLoad, failure, notProvided } from "./actor-effects.ts";
import type { ConfigState } from "./jobs.ts";
import { backoffDelay } from "./backoff.ts";
import { delayToNextSlot } from "./tracking-actor.ts";

export interface PersonalActorContext {
  moduleName: string;
  layer: string;
  config?: ConfigState;
  /** People due for a run, in order; each at most once. */
  queue: string[];
  current?: string;
  configAttempts: number;
  reloadRequested: boolean;
  /** A scheduled pass came due while a run was in hand: it starts once the run is done. */
  sweepRequested: boolean;
  /**
   * Durable work to look up once the run in hand is done: `everyone` after a change that concerns every person
   * (debounced), `overdue` on the recovery timer (work marked due that no run completed: a crash, a lost timer).
   */
  lookups: DueScope[];
  /** The lookup in hand. */
  lookingFor?: DueScope;
  /** Instant of the last scheduled pass this actor started (UTC ISO). */
  lastTickAt?: string;
  lastError?: { message: string; at: string };
  counters: { runs: number; failed: number; sweeps: number; swept_elsewhere: number; recovered: number };
  configRetry: { initialMs: number; maxMs: number };
}

export type PersonalActorEvent =
  | { type: "person.changed"; userId: string }
  | { type: "person.due"; userId: string }
  /** Something that concerns every person changed (a sky event): after the debounce, everyone due is looked up. */
  | { type: "everyone.changed" }
  | { type: "lookup"; scope: DueScope }
  | { type: "user.deleted"; userId: string }
  | { type: "config.changed" }
  | { type: "sweep" }
  | { type: "tick.now" };

export interface SweepOutcome {
  status: "swept" | "claimed_elsewhere";
  at: string;
  users: string[];
}

/** Which durable work a lookup finds: everyone a change of every person's context left due, or work overdue. */
export type DueScope = "everyone" | "overdue";

/** The schedule of a per-person module, read from its validated config. */
export function personalScheduleOf(config: ConfigState | undefined): { debounceMs: number; scheduleMs: number; recoverMs: number } {
  const debounce = Number(config?.config.debounce_ms ?? 10_000);
  const hours = Number(config?.config.schedule_hours ?? 24);
  const recover = Number(config?.config.recover_after_ms ?? 600_000);
  return { debounceMs: debounce, scheduleMs: hours * 3_600_000, recoverMs: recover };
}

const debounceId = (userId: string): string => `debounce:${userId}`;
const SWEEP_ID = "sweep";
// Not of the form `debounce:<user>`, so no user id can name it.
const EVERYONE_ID = "everyone";
const RECOVER_ID = "recover";
/** After a failed pass the next try comes this soon, not a whole schedule period later. */
const SWEEP_RETRY_MS = 60_000;

/**
 * A per-person intelligence module's actor (the observer; the themes module's synthesis refresh): loading config →
 * ready ⇄ working, one person at a time. A change about a person schedules their run `debounce_ms` later (a later
 * change moves it: a burst is one run); a change about everyone (a sky event) looks up, after the same debounce,
 * everyone it left due; a scheduled pass every `schedule_hours`, on slots every node agrees on, queues everyone the
 * module covers. Work is marked due in the database before the message that caused it is acknowledged, and every
 * `recover_after_ms` the actor looks up marks no run has cleared: a run lost to a crash is done then, by any node.
 * Its effects (`loadConfig`, `runPerson`, `sweep`, `findDue`) are named actors the node provides. A failed run is
 * counted and the actor carries on: the mark it leaves makes a later lookup run the person again.
 */
export const personalActorMachine = setup({
  types: {
    context: {} as PersonalActorContext,
    events: {} as PersonalActorEvent,
    input: {} as { moduleName: string; layer: string; configRetry: { initialMs: number; maxMs: number } },
  },
  actors: {
    loadConfig: notProvided<ConfigState, { moduleName: string }>("loadConfig"),
    runPerson: notProvided<unknown, { moduleName: string; userId: string; config: ConfigState }>("runPerson"),
    sweep: notProvided<SweepOutcome, { moduleName: string; config: ConfigState }>("sweep"),
    /** The people whose durable due marks fall in the scope (the node's store of due work). */
    findDue: notProvided<string[], { moduleName: string; config: ConfigState; scope: DueScope }>("findDue"),
  },
  delays: {
    configRetryDelay: ({ context }) => backoffDelay(context.configRetry.initialMs, context.configRetry.maxMs, context.configAttempts),
  },
  actions: {
    scheduleSweep: enqueueActions(({ context, enqueue }, params: { retry: boolean }) => {
      enqueue.cancel(SWEEP_ID);
      const { scheduleMs } = personalScheduleOf(context.config);
      const delay = params.retry ? Math.min(SWEEP_RETRY_MS, scheduleMs) : delayToNextSlot(Date.now(), scheduleMs);
      enqueue.raise({ type: "sweep" }, { delay, id: SWEEP_ID });
    }),
    scheduleRecovery: enqueueActions(({ context, enqueue }) => {
      enqueue.cancel(RECOVER_ID);
      enqueue.raise({ type: "lookup", scope: "overdue" }, { delay: personalScheduleOf(context.config).recoverMs, id: RECOVER_ID });
    }),
    /** A failed pass or lookup: the reason is kept for the summary and the actor carries on. */
    recordError: assign((_, params: { error: unknown }) => ({ lastError: failure(errorMessage(params.error)) })),
    queuePeople: assign(({ context }, params: { users: readonly string[] }) => {
      const queued = new Set(context.queue);
      return { queue: [...context.queue, ...params.users.filter((id) => !queued.has(id))] };
    }),
  },
  guards: {
    hasQueued: ({ context }) => context.queue.length > 0,
  },
}).createMachine({
  id: "personal",
  context: ({ input }) => ({
    moduleName: input.moduleName,
    layer: input.layer,
    queue: [],
    configAttempts: 0,
    reloadRequested: false,
    sweepRequested: false,
    lookups: [],
    counters: { runs: 0, failed: 0, sweeps: 0, swept_elsewhere: 0, recovered: 0 },
    configRetry: input.configRetry,
  }),
  on: {
    "person.changed": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.cancel(debounceId(event.userId));
        enqueue.raise({ type: "person.due", userId: event.userId }, { delay: personalScheduleOf(context.config).debounceMs, id: debounceId(event.userId) });
      }),
    },
    "everyone.changed": {
      actions: enqueueActions(({ context, enqueue }) => {
        enqueue.cancel(EVERYONE_ID);
        enqueue.raise({ type: "lookup", scope: "everyone" }, { delay: personalScheduleOf(context.config).debounceMs, id: EVERYONE_ID });
      }),
    },
    lookup: {
      actions: assign(({ context, event }) => (context.lookups.includes(event.scope) ? {} : { lookups: [...context.lookups, event.scope] })),
    },
    "person.due": {
      actions: assign(({ context, event }) => (context.queue.includes(event.userId) ? {} : { queue: [...context.queue, event.userId] })),
    },
    "user.deleted": {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.cancel(debounceId(event.userId));
        if (context.queue.includes(event.userId)) enqueue.assign({ queue: context.queue.filter((id) => id !== event.userId) });
      }),
    },
    // Handled in every state, so nothing is lost because the actor was busy or loading.
    "config.changed": { actions: assign({ reloadRequested: true }) },
    sweep: { actions: assign({ sweepRequested: true }) },
    "tick.now": { actions: assign({ sweepRequested: true }) },
  },
  initial: "loading",
  states: {
    loading: {
      entry: assign({ reloadRequested: false }),
      invoke: {
        src: "loadConfig",
        input: ({ context }) => ({ moduleName: context.moduleName }),
        onDone: {
          target: "ready",
          actions: [
            assign({ config: ({ event }) => event.output, configAttempts: 0 }),
            { type: "scheduleSweep", params: { retry: false } },
            "scheduleRecovery",
          ],
        },
        onError: {
          target: "configBackoff",
          actions: assign(({ context, event }) => failedConfigLoad(context.configAttempts, event.error)),
        },
      },
    },
    configBackoff: { after: { configRetryDelay: { target: "loading" } } },
    ready: {
      always: [
        { guard: ({ context }) => context.reloadRequested, target: "loading" },
        { guard: ({ context }) => context.sweepRequested, target: "sweeping" },
        // People already queued run before the next lookup: a lookup finds them again until they have run.
        { guard: "hasQueued", target: "working" },
        { guard: ({ context }) => context.lookups.length > 0, target: "lookingUp" },
      ],
    },
    working: {
      entry: assign(({ context }) => ({ current: context.queue[0], queue: context.queue.slice(1) })),
      invoke: {
        src: "runPerson",
        input: ({ context }) => ({ moduleName: context.moduleName, userId: context.current as string, config: context.config as ConfigState }),
        onDone: {
          target: "ready",
          actions: assign(({ context }) => ({ current: undefined, counters: { ...context.counters, runs: context.counters.runs + 1 } })),
        },
        onError: {
          target: "ready",
          actions: assign(({ context, event }) => ({
            current: undefined,
            counters: { ...context.counters, failed: context.counters.failed + 1 },
            // The summary is public (/inspect) and a run's error may name the person (a lease key): kind only.
            lastError: failure(`a person's run failed: ${errorKind(event.error)}`),
          })),
        },
      },
    },
    sweeping: {
      entry: assign({ sweepRequested: false }),
      invoke: {
        src: "sweep",
        input: ({ context }) => ({ moduleName: context.moduleName, config: context.config as ConfigState }),
        onDone: {
          target: "ready",
          actions: [
            { type: "queuePeople", params: ({ event }) => ({ users: event.output.users }) },
            assign(({ context, event }) => {
              const swept = event.output.status === "swept";
              return {
                lastTickAt: event.output.at,
                counters: {
                  ...context.counters,
                  sweeps: context.counters.sweeps + (swept ? 1 : 0),
                  swept_elsewhere: context.counters.swept_elsewhere + (swept ? 0 : 1),
                },
              };
            }),
            { type: "scheduleSweep", params: { retry: false } },
          ],
        },
        onError: {
          target: "ready",
          actions: [{ type: "recordError", params: ({ event }) => ({ error: event.error }) }, { type: "scheduleSweep", params: { retry: true } }],
        },
      },
    },
    lookingUp: {
      entry: assign(({ context }) => ({ lookingFor: context.lookups[0], lookups: context.lookups.slice(1) })),
      invoke: {
        src: "findDue",
        input: ({ context }) => ({ moduleName: context.moduleName, config: context.config as ConfigState, scope: context.lookingFor as DueScope }),
        onDone: {
          target: "ready",
          actions: [
            { type: "queuePeople", params: ({ event }) => ({ users: event.output }) },
            assign(({ context, event }) => ({ lookingFor: undefined, counters: { ...context.counters, recovered: context.counters.recovered + event.output.length } })),
            // The recovery timer runs again after every lookup, so overdue work is looked for every `recover_after_ms`.
            "scheduleRecovery",
          ],
        },
        onError: {
          target: "ready",
          actions: [assign({ lookingFor: undefined }), { type: "recordError", params: ({ event }) => ({ error: event.error }) }, "scheduleRecovery"],
        },
      },
    },
  },
});
