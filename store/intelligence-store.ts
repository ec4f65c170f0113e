import type { Db } from "mongodb";
import type { Hypothesis } from "../modules/intelligence/hypotheses/schemas.ts";
import type { JournalEntry } from "../modules/intelligence/journal/schemas.ts";
import type { Finding } from "../modules/intelligence/observer/schemas.ts";
import { COLLECTIONS, isDuplicateKey } from "./database.ts";
import { deleteMarksOf } from "./due-store.ts";

/** A stored journal entry: keyed `<user>:<entry id>`, with the key it is paged by. */
type EntryDocument = JournalEntry & { _id: string; sort_key: string };
type Keyed<T> = T & { _id: string };

/** Journal entries are paged newest first by `<time>|<id>`: unique per person and ordered like the time. */
export const entrySortKey = (entry: Pick<JournalEntry, "time" | "id">): string => `${entry.time}|${entry.id}`;

/** The largest page of journal entries one request gets. */
export const MAX_JOURNAL_PAGE = 100;

const entryKey = (userId: string, id: string): string => `${userId}:${id}`;

function withoutStorageFields<T extends object>(document: T): Omit<T, "_id" | "sort_key"> {
  const { _id: _key, sort_key: _sort, ...rest } = document as T & { _id?: unknown; sort_key?: unknown };
  return rest as Omit<T, "_id" | "sort_key">;
}

/**
 * A person's journal entries, observer findings and hypotheses (DESIGN.md §6). Every write is keyed so that a
 * redelivered event or a retried request changes nothing twice: an entry by `<user>:<entry id>` (insert once), a
 * finding by its id (which names the person and what was tested), a hypothesis by its id. Reads go by `user_id`,
 * which is indexed (FerretDB finds `_id` by a scan, so per-person reads never list keys).
 */
export class IntelligenceStore {
  constructor(private readonly db: Db) {}

  private get entries() {
    return this.db.collection<EntryDocument>(COLLECTIONS.journalEntries);
  }
  private get findings() {
    return this.db.collection<Keyed<Finding>>(COLLECTIONS.observerFindings);
  }
  private get hypotheses() {
    return this.db.collection<Keyed<Hypothesis>>(COLLECTIONS.hypotheses);
  }

  /**
   * Stores an entry unless one with its id is stored for the person; then the stored one is returned unchanged
   * (`created: false`): the first write of an id wins.
   */
  async insertEntry(entry: JournalEntry): Promise<{ entry: JournalEntry; created: boolean }> {
    const key = entryKey(entry.user_id, entry.id);
    try {
      await this.entries.insertOne({ ...entry, _id: key, sort_key: entrySortKey(entry) });
      return { entry, created: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await this.entries.findOne({ _id: key, user_id: entry.user_id });
      if (stored === null) throw error;
      return { entry: withoutStorageFields(stored), created: false };
    }
  }

  /** Whether the person has an entry with this id. */
  async hasEntry(userId: string, id: string): Promise<boolean> {
    return (await this.entries.findOne({ user_id: userId, _id: entryKey(userId, id) }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * One page of a person's journal, newest first: at most `limit` entries whose sort key is below `before` (an
   * ISO instant or the `next` cursor of the previous page), and the cursor of the next page (null at the end).
   */
  async journalPage(userId: string, limit: number, before?: string): Promise<{ entries: JournalEntry[]; next: string | null }> {
    const filter = before === undefined ? { user_id: userId } : { user_id: userId, sort_key: { $lt: before } };
    const found = await this.entries.find(filter).sort({ sort_key: -1 }).limit(limit + 1).toArray();
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return { entries: page.map(withoutStorageFields), next: found.length > limit && last !== undefined ? last.sort_key : null };
  }

  /** A person's entries at or after `from`, oldest first (what the observer reads). */
  async entriesSince(userId: string, from: Date): Promise<JournalEntry[]> {
    const found = await this.entries
      .find({ user_id: userId, time: { $gte: from.toISOString() } })
      .sort({ sort_key: 1 })
      .toArray();
    return found.map(withoutStorageFields);
  }

  async findingsOf(userId: string): Promise<Finding[]> {
    const found = await this.findings.find({ user_id: userId }).sort({ _id: 1 }).toArray();
    return found.map(withoutStorageFields);
  }

  /** Stores each finding under its id, replacing the earlier detection of the same test. */
  async putFindings(findings: readonly Finding[]): Promise<void> {
    for (const finding of findings) await this.findings.replaceOne({ _id: finding.id }, { ...finding }, { upsert: true });
  }

  async hypothesesOf(userId: string): Promise<Hypothesis[]> {
    const found = await this.hypotheses.find({ user_id: userId }).sort({ _id: 1 }).toArray();
    return found.map(withoutStorageFields);
  }

  async putHypothesis(hypothesis: Hypothesis): Promise<void> {
    await this.hypotheses.replaceOne({ _id: hypothesis.id }, { ...hypothesis }, { upsert: true });
  }

  /** Removes a person's entries, findings, hypotheses and marks of due work; returns how many went. */
  async deleteUser(userId: string): Promise<number> {
    const results = await Promise.all([
      this.entries.deleteMany({ user_id: userId }),
      this.findings.deleteMany({ user_id: userId }),
      this.hypotheses.deleteMany({ user_id: userId }),
    ]);
    const marks = await deleteMarksOf(this.db, userId);
    return results.reduce((sum, result) => sum + result.deletedCount, marks);
  }
}
