import { fromPromise } from "xstate";
import type { IntelligenceDeps } from "../app/intelligence-deps.ts";
import { SkyHistoryReader } from "../app/intelligence-history.ts";
import { acceptJournalEntry, entryIdForEvent } from "../app/journal-intake.ts";
import { Narrator } from "../app/narrator.ts";
import { PersonInsight } from "../app/person-insight.ts";
import { themesModule } from "../modules/intelligence/themes/module.ts";
import { observerModule } from "../modules/intelligence/observer/module.ts";
import type { SubscriptionDeps } from "./node-subscriptions.ts";
import type { TrackingContext } from "./tracking-context.ts";
import type { CloudEvent, EventData } from "../core/events.ts";
import { ObserverConfigSchema } from "../modules/intelligence/observer/schemas.ts";
import { isIntelligenceModule } from "../modules/registry.ts";
import { IntelligenceStore } from "../store/intelligence-store.ts";
import { Leases } from "../store/leases.ts";
import { type DueKind, DueStore, EVERYONE } from "../store/due-store.ts";
import type { Announcements } from "./announcements.ts";
import type { ConfigState } from "./jobs.ts";
import type { GuttersNode, NodeOptions } from "./node-api.ts";
import { type DueScope, personalActorMachine, personalScheduleOf, type SweepOutcome } from "./personal-actor.ts";

/** How long a read of solar and lunar history serves the observer's runs (a scheduled pass reads it once). */
const HISTORY_CACHE_MS = 60_000;

type JournalEvent = CloudEvent & { data: EventData<"journal.entry.created"> };

/** The per-person modules and the work each marks due: the observer's runs, the themes module's context refreshes. */
const dueKindOf = (moduleName: string): DueKind => (moduleName === themesModule.name ? "context" : "observe");
/** People one lookup of due work queues at most. */
const batchOf = (config: ConfigState): number => Number(config.config.recover_batch ?? 10_000);
/** Marks older than this are overdue: no run cleared them in `recover_after_ms`. */
const overdueBefore = (config: ConfigState): Date => new Date(Date.now() - personalScheduleOf(config).recoverMs);

/**
 * The intelligence layer's part of a node (DESIGN.md §12): its stores and services, the observer actor's
 * work, the journal intake from MQTT and the API the HTTP routes call. Kept apart from the node's wiring
 * of calculation and tracking so each stays readable.
 */
export function nodeIntelligence(
  options: NodeOptions,
  shared: Pick<IntelligenceDeps, "configOf" | "expectedModules" | "source" | "now"> & {
    announcements: Announcements;
    newId: () => string;
    trackingContext: TrackingContext;
  },
) {
  const { bus, topics, users, runtime, logger } = options;
  // The synthesis's optional narrative, asked for in the background after a synthesis is written.
  const narrator = new Narrator({ users, themesConfig: async () => (await shared.configOf(themesModule)).config, logger, now: shared.now });
  const narrate = options.registry.get("themes") !== undefined ? narrator.request.bind(narrator) : undefined;
  const personalHosted = new Set(options.hosted.filter((module) => isIntelligenceModule(module) && module.personal === true).map((module) => module.name));
  const leases = new Leases(options.database.db, { leaseMs: runtime.write_lease_ms, waitMs: runtime.write_lease_wait_ms });
  const due = new DueStore(options.database.db, leases);
  const deps: IntelligenceDeps = {
    store: new IntelligenceStore(options.database.db),
    due,
    users,
    tracking: options.tracking,
    history: new SkyHistoryReader(options.tracking, HISTORY_CACHE_MS),
    leases,
    bus,
    topics,
    configOf: shared.configOf,
    expectedModules: shared.expectedModules,
    source: shared.source,
    logger,
    now: shared.now,
    trackingContext: (natal) => shared.trackingContext.contributions(natal),
    ...(narrate !== undefined ? { narrate } : {}),
  };
  const insight = new PersonInsight(deps);
  /**
   * Everyone whose work of `kind` is older than the latest change about everyone (a sky event, the daily pass); with
   * `dueBefore`, only when that change has been due since before it (overdue). The mark for everyone is cleared once
   * no one is older: by a lookup after the runs, so a node that crashed during them leaves it for the next lookup.
   */
  const dueForEveryone = async (kind: DueKind, limit: number, dueBefore?: Date): Promise<string[]> => {
    const mark = await due.everyoneMark(kind);
    if (mark === null || (dueBefore !== undefined && mark.due_since >= dueBefore)) return [];
    const stale = await due.staleUsers(kind, mark.marked_at, limit);
    if (stale.length === 0) await due.clear(kind, EVERYONE, mark.marked_at);
    return stale;
  };
  const hostsJournal = options.hosted.some((module) => module.name === "journal");

  /** What the node's subscriptions need of the intelligence layer: journal intake, observer runs, sky events. */
  const subscriptions: Pick<SubscriptionDeps, "journal" | "observes" | "skyEvent"> = {
    observes: personalHosted.has(observerModule.name),
    ...(personalHosted.has(themesModule.name)
      ? {
          async skyEvent(event: CloudEvent) {
            await due.mark("context", event.subject ?? EVERYONE);
            // The refresh must see the snapshot of the tick that published the event, not a cached one.
            shared.trackingContext.forget();
          },
        }
      : {}),
  };

  return {
    insight,
    personalHosted,
    narrator,
    narrate,
    /**
     * The per-person actors' work, by module: the observer observes a person (after new entries, daily for everyone
     * with a journal); the themes module refreshes a synthesis's tracking context (after sky events, daily for
     * everyone with a synthesis). Each run clears the person's mark of due work when it is done.
     */
    personalActor: personalActorMachine.provide({
      actors: {
        runPerson: fromPromise(async ({ input }: { input: { moduleName: string; userId: string; config: ConfigState } }): Promise<unknown> => {
          const startedAt = new Date();
          const kind = dueKindOf(input.moduleName);
          const outcome =
            kind === "observe"
              ? await insight.observePerson(input.userId, shared.now(), ObserverConfigSchema.parse(input.config.config))
              : await insight.refreshSynthesis(input.userId, { context: true });
          // Current as of the run's start: a change during the run leaves the person due again.
          await due.currentAsOf(input.userId, kind, startedAt);
          await due.clear(kind, input.userId, startedAt);
          return outcome;
        }),
        sweep: fromPromise(async ({ input }: { input: { moduleName: string; config: ConfigState } }): Promise<SweepOutcome> => {
          const at = shared.now();
          const slot = Math.floor(at.getTime() / personalScheduleOf(input.config).scheduleMs);
          if (!(await options.tracking.claimTick(input.moduleName, slot, options.nodeId, at))) {
            return { status: "claimed_elsewhere", at: at.toISOString(), users: [] };
          }
          // The pass is a change about everyone, marked: a node that crashes during it leaves the rest due.
          const kind = dueKindOf(input.moduleName);
          await due.mark(kind, EVERYONE);
          return { status: "swept", at: at.toISOString(), users: await dueForEveryone(kind, batchOf(input.config)) };
        }),
        findDue: fromPromise(async ({ input }: { input: { moduleName: string; config: ConfigState; scope: DueScope } }): Promise<string[]> => {
          const kind = dueKindOf(input.moduleName);
          const recoverBatch = batchOf(input.config);
          if (input.scope === "everyone") return dueForEveryone(kind, recoverBatch);
          const before = overdueBefore(input.config);
          return [...(await due.overdue(kind, before, recoverBatch)), ...(await dueForEveryone(kind, recoverBatch, before))];
        }),
      },
    }),
    /** The subscriptions' part: a person's `journal.entry.created` from MQTT when the node hosts the journal, and more. */
    subscriptions: {
      ...subscriptions,
      ...(hostsJournal
        ? {
          async journal(event: JournalEvent) {
            const userId = event.subject as string;
            // The server computes the context and knows the person: what the client says of either is ignored.
            const { user_id: _user, context: _context, ...input } = event.data;
            const accepted = await acceptJournalEntry(deps, userId, input, entryIdForEvent(userId, event.id));
            await bus.publishEvent(topics.eventTopic(accepted.announcement), accepted.announcement);
          },
        }
        : {}),
    },
    api: {
      store: deps.store,
      insight,
      async submitJournalEntry(userId, input) {
        const accepted = await acceptJournalEntry(deps, userId, input, shared.newId());
        shared.announcements.send(accepted.announcement);
        return { entry: accepted.entry, created: accepted.created };
      },
    } satisfies GuttersNode["intelligence"],
  };
}
