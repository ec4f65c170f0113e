import { createHash } from "node:crypto";
import { NotFoundError, parseOrThrow } from "../core/errors.ts";
import { type CloudEvent, makeEvent } from "../core/events.ts";
import { assertInstantInRange } from "../core/instant.ts";
import { journalModule } from "../modules/intelligence/journal/module.ts";
import {
  type CosmicContext,
  type JournalConfig,
  JournalConfigSchema,
  type JournalEntry,
  JournalEntryInputSchema,
} from "../modules/intelligence/journal/schemas.ts";
import { cosmicContext, createJournalEntry } from "../modules/intelligence/journal/service.ts";
import { kpSamplesOf } from "./intelligence-history.ts";
import type { IntelligenceDeps } from "./intelligence-deps.ts";

const HOUR_MS = 3_600_000;

/** Unknown fields are refused (a misspelt `moood` would otherwise be dropped without a word). */
const StrictInputSchema = JournalEntryInputSchema.strict();

/**
 * The id of an entry a client sent over MQTT without one: derived from the event id, so a redelivered event is
 * the same entry.
 */
export function entryIdForEvent(userId: string, eventId: string): string {
  return `e-${createHash("sha256").update(`${userId}\n${eventId}`).digest("hex").slice(0, 32)}`;
}

/**
 * The cosmic context at an entry's time from the tracking layer: Kp from the solar history stored around it, the
 * Moon from the lunar module's ephemeris, exact transits to the natal chart of the person's astrology profile.
 */
export async function contextAt(deps: IntelligenceDeps, userId: string, at: Date, config: JournalConfig): Promise<CosmicContext> {
  const maxAge = config.kp_max_age_hours * HOUR_MS;
  // A tick after the entry may hold a reading from before it: the span reaches past the entry by one Kp period.
  const rows = await deps.tracking.series("solar", new Date(at.getTime() - maxAge - HOUR_MS), new Date(at.getTime() + 3 * HOUR_MS), ["kp"]);
  const natal = await deps.users.natalChart(userId);
  return cosmicContext(at, { solar: kpSamplesOf(rows), ...(natal !== null ? { natal: natal.points } : {}) }, config);
}

export interface AcceptedEntry {
  entry: JournalEntry;
  /** False when an entry with this id was stored before (a retry or redelivery): the stored one is returned. */
  created: boolean;
  /** The stored entry as `journal.entry.created` with `stored: true`, for the person's topic. */
  announcement: CloudEvent;
}

/**
 * Validates a client's entry (400 naming each bad field; `time` within 1500–2200), checks the person exists
 * (404), computes its context and stores it once per id. `fallbackId` names an entry sent without an id.
 */
export async function acceptJournalEntry(deps: IntelligenceDeps, userId: string, input: unknown, fallbackId: string): Promise<AcceptedEntry> {
  const config = JournalConfigSchema.parse((await deps.configOf(journalModule)).config);
  parseOrThrow(StrictInputSchema, input, "journal entry");
  const now = deps.now();
  const entry = createJournalEntry(input, { id: fallbackId, user_id: userId }, now, config);
  assertInstantInRange(new Date(entry.time), "time");
  if (!(await deps.users.userExists(userId))) throw new NotFoundError(`no user with id "${userId}"`);
  const result = (await deps.store.hasEntry(userId, entry.id))
    ? await deps.store.insertEntry(entry)
    : await deps.store.insertEntry({ ...entry, context: await contextAt(deps, userId, new Date(entry.time), config) });
  // Erased while this ran: whichever of the erasure and this write came last, nothing stays.
  if (result.created && !(await deps.users.userExists(userId))) {
    await deps.store.deleteUser(userId);
    throw new NotFoundError(`no user with id "${userId}"`);
  }
  // Marked before the entry is announced (and its message acknowledged): a run the announcement starts and a crash
  // stops is found again by the mark.
  const storedAt = new Date();
  await deps.due.journalWritten(userId, storedAt);
  await deps.due.mark("observe", userId, storedAt);
  const announcement = makeEvent({
    id: `journal:${userId}:${result.entry.id}`,
    source: deps.source,
    type: "journal.entry.created",
    time: now,
    subject: userId,
    data: result.entry,
  });
  announcement.stored = true;
  return { ...result, announcement };
}
