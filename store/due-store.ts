import type { Db } from "mongodb";
import { COLLECTIONS } from "./database.ts";
import { type Leases, userLease } from "./leases.ts";
import type { UserDocument } from "./user-store.ts";

/** The kinds of per-person work marked due: an observer run (new journal entries), a synthesis context refresh. */
export type DueKind = "observe" | "context";

/** The mark of a kind of work due for everyone (a sky event changes every synthesis's context). */
export const EVERYONE = null;

/** The user document's field saying as of when each kind of per-person work is current. */
const CURRENT_FIELD = { context: "context_at", observe: "observed_at" } as const satisfies Record<DueKind, keyof UserDocument>;

interface DueDocument {
  _id: string;
  kind: DueKind;
  /** Absent on marks of work for everyone. */
  user_id?: string;
  marked_at: Date;
}

/**
 * Durable marks of per-person work that is due (collection `intelligence_due`), and the instants on each user
 * document as of which that work is current. A mark is written before the message that caused the work is
 * acknowledged and cleared only by a run that started after it, so work that a crash or a lost timer dropped is
 * found again by its age. Every mark is a document of its own, inserted once and deleted once: FerretDB does not
 * isolate an update's read from its write, so marks kept as one document per person and moved with `$min`/`$max`
 * lost instants when marked at once (seen here in 3 of 6 bursts of 20). Instants are wall-clock time, not the
 * calculations' clock (which tests may hold still): they order marks and runs.
 */
export class DueStore {
  /** @param leases the users' leases: the instants below live on the user's document, which other writers change too. */
  constructor(
    private readonly db: Db,
    private readonly leases: Leases,
  ) {}

  private get marks() {
    return this.db.collection<DueDocument>(COLLECTIONS.intelligenceDue);
  }
  private get users() {
    return this.db.collection<UserDocument>(COLLECTIONS.users);
  }

  /** Marks work of `kind` due for a person (or for everyone, `EVERYONE`). */
  async mark(kind: DueKind, userId: string | null, at = new Date()): Promise<void> {
    await this.marks.insertOne({ _id: crypto.randomUUID(), kind, marked_at: at, ...(userId === null ? {} : { user_id: userId }) });
  }

  /** Clears the marks a run that started at `startedAt` covered; a mark made after that stays. */
  async clear(kind: DueKind, userId: string | null, startedAt: Date): Promise<void> {
    await this.marks.deleteMany({ kind, user_id: userId ?? { $exists: false }, marked_at: { $lte: startedAt } });
  }

  /** The people with work of `kind` due since before `before` (the longest waiting first, at most `limit`). */
  async overdue(kind: DueKind, before: Date, limit: number): Promise<string[]> {
    const found = await this.marks
      .find({ kind, user_id: { $exists: true }, marked_at: { $lt: before } }, { projection: { user_id: 1 } })
      .sort({ marked_at: 1 })
      .toArray();
    const people = new Set(found.flatMap((mark) => (mark.user_id === undefined ? [] : [mark.user_id])));
    return [...people].slice(0, limit);
  }

  /** Since when work of `kind` has been due for everyone and its latest mark, or null when none is due. */
  async everyoneMark(kind: DueKind): Promise<{ due_since: Date; marked_at: Date } | null> {
    const found = await this.marks.find({ kind, user_id: { $exists: false } }, { projection: { marked_at: 1 } }).sort({ marked_at: 1 }).toArray();
    const first = found[0];
    const last = found.at(-1);
    return first === undefined || last === undefined ? null : { due_since: first.marked_at, marked_at: last.marked_at };
  }

  /** The user's work of `kind` is current as of `at` (done, or nothing to do). */
  async currentAsOf(userId: string, kind: DueKind, at: Date): Promise<void> {
    await this.leases.with(userLease(userId), () => this.users.updateOne({ _id: userId }, { $max: { [CURRENT_FIELD[kind]]: at } }));
  }

  /** A journal entry of the user's was stored at `at`: the observer's daily pass covers them from now on. */
  async journalWritten(userId: string, at: Date): Promise<void> {
    await this.leases.with(userLease(userId), () => this.users.updateOne({ _id: userId }, { $max: { journal_at: at } }));
  }

  /**
   * Users whose work of `kind` is older than `before` (or was never done), at most `limit`: everyone for the
   * synthesis context, users with a journal for the observer. A change about everyone leaves these due.
   */
  async staleUsers(kind: DueKind, before: Date, limit: number): Promise<string[]> {
    const field = CURRENT_FIELD[kind];
    const stale = { $or: [{ [field]: { $lt: before } }, { [field]: { $exists: false } }] };
    const filter = kind === "observe" ? { journal_at: { $exists: true }, ...stale } : stale;
    const found = await this.users.find(filter, { projection: { _id: 1 } }).limit(limit).toArray();
    return found.map((user) => user._id);
  }

  /** Removes a person's marks: part of erasing them. */
  deleteUser(userId: string): Promise<number> {
    return deleteMarksOf(this.db, userId);
  }
}

/** Removes a person's marks of due work; how many went. */
export async function deleteMarksOf(db: Db, userId: string): Promise<number> {
  return (await db.collection<DueDocument>(COLLECTIONS.intelligenceDue).deleteMany({ user_id: userId })).deletedCount;
}
