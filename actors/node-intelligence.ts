import { fromPromise } from "xstate";
import type { IntelligenceDeps } from "../app/intelligence-deps.ts";
import { SkyHistoryReader } from "../app/intelligence-history.ts";
import { acceptJournalEntry, entryIdForEvent } from "../app/journal-intake.ts";
import { Narrator } from "../app/narrator.ts";
import { PersonInsight } from "../app/person-insight.ts";
import { themesModule } from "../modules/intelligence/themes/module.ts";
import type { CloudEvent, EventData } from "../core/events.ts";
import { ObserverConfigSchema } from "../modules/intelligence/observer/schemas.ts";
import { isIntelligenceModule } from "../modules/registry.ts";
import { IntelligenceStore } from "../store/intelligence-store.ts";
import { Leases } from "../store/leases.ts";
import type { Announcements } from "./announcements.ts";
import type { ConfigState } from "./jobs.ts";
import type { GuttersNode, NodeOptions } from "./node-api.ts";
import { observerActorMachine, personalScheduleOf, type SweepOutcome } from "./observer-actor.ts";

/** How long a read of solar and lunar history serves the observer's runs (a scheduled pass reads it once). */
const HISTORY_CACHE_MS = 60_000;

type JournalEvent = CloudEvent & { data: EventData<"journal.entry.created"> };

/**
 * The intelligence layer's part of a node (DESIGN.md §12): its stores and services, the observer actor's
 * work, the journal intake from MQTT and the API the HTTP routes call. Kept apart from the node's wiring
 * of calculation and tracking so each stays readable.
 */
export function nodeIntelligence(
  options: NodeOptions,
  shared: Pick<IntelligenceDeps, "configOf" | "expectedModules" | "source" | "now"> & { announcements: Announcements; newId: () => string },
) {
  const { bus, topics, users, runtime, logger } = options;
  // The synthesis's optional narrative, asked for in the background after a synthesis is written.
  const narrator = new Narrator({ users, themesConfig: async () => (await shared.configOf(themesModule)).config, logger, now: shared.now });
  const narrate = options.registry.get("themes") !== undefined ? narrator.request.bind(narrator) : undefined;
  const personalHosted = new Set(options.hosted.filter((module) => isIntelligenceModule(module) && module.personal === true).map((module) => module.name));
  const deps: IntelligenceDeps = {
    store: new IntelligenceStore(options.database.db),
    users,
    tracking: options.tracking,
    history: new SkyHistoryReader(options.tracking, HISTORY_CACHE_MS),
    leases: new Leases(options.database.db, { leaseMs: runtime.write_lease_ms, waitMs: runtime.write_lease_wait_ms }),
    bus,
    topics,
    configOf: shared.configOf,
    expectedModules: shared.expectedModules,
    source: shared.source,
    logger,
    now: shared.now,
    ...(narrate !== undefined ? { narrate } : {}),
  };
  const insight = new PersonInsight(deps);
  const hostsJournal = options.hosted.some((module) => module.name === "journal");

  return {
    insight,
    personalHosted,
    narrator,
    narrate,
    /** The observer actor's work: one person's run, and the scheduled pass (claimed by one node per slot). */
    observerActor: observerActorMachine.provide({
      actors: {
        runPerson: fromPromise(async ({ input }: { input: { moduleName: string; userId: string; config: ConfigState } }): Promise<unknown> =>
          insight.observePerson(input.userId, shared.now(), ObserverConfigSchema.parse(input.config.config)),
        ),
        sweep: fromPromise(async ({ input }: { input: { moduleName: string; config: ConfigState } }): Promise<SweepOutcome> => {
          const at = shared.now();
          const slot = Math.floor(at.getTime() / personalScheduleOf(input.config).scheduleMs);
          if (!(await options.tracking.claimTick(input.moduleName, slot, options.nodeId, at))) {
            return { status: "claimed_elsewhere", at: at.toISOString(), users: [] };
          }
          return { status: "swept", at: at.toISOString(), users: await deps.store.journalUsers() };
        }),
      },
    }),
    /** A person's `journal.entry.created` from MQTT, when the node hosts the journal. */
    journalIntake: hostsJournal
      ? {
          async journal(event: JournalEvent) {
            const userId = event.subject as string;
            // The server computes the context and knows the person: what the client says of either is ignored.
            const { user_id: _user, context: _context, ...input } = event.data;
            const accepted = await acceptJournalEntry(deps, userId, input, entryIdForEvent(userId, event.id));
            await bus.publishEvent(topics.eventTopic(accepted.announcement), accepted.announcement);
          },
        }
      : {},
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
