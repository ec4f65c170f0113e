import type { Db } from "mongodb";
import { COLLECTIONS } from "./database.ts";

/** The kinds of per-person work marked due: an observer run (new journal entries), a synthesis context refresh. */
export type DueKind = "observe" | "context";

/** The mark of a kind of work due for everyone (a sky event changes every synthesis's context). */
export const EVERYONE = null;

interface DueDocument {
  _id: string;
  kind: DueKind;
  /** Absent on the mark for everyone. */
  user_id?: string;
  /** The first mark no run has cleared: how long the work has been waiting. */
  due_since: Date;
  /** The latest mark: a run that started before it may not have seen its cause, so it leaves the mark. */
  marked_at: Date;
}

const dueKey = (kind: DueKind, userId: string | null): string => (userId === null ? `${kind}:*` : `${kind}:${userId}`);

/**
 * Durable marks of per-person work that is due (DESIGN.md §6 `intelligence_due`). A mark is written before the
 * message that caused the work is acknowledged and cleared only by a run that started after it, so work that a
 * crash or a lost timer dropped is found again by its age. Instants are wall-clock time, not the calculations'
 * clock (which tests may hold still): they order marks and runs.
 */
export class DueStore {
  constructor(private readonly db: Db) {}

  private get marks() {
    return this.db.collection<DueDocument>(COLLECTIONS.intelligenceDue);
  }

  /** Marks work of `kind` due for a person (or for everyone, `EVERYONE`). */
  async mark(kind: DueKind, userId: string | null, at = new Date()): Promise<void> {
    await this.marks.updateOne(
      { _id: dueKey(kind, userId) },
      { $min: { due_since: at }, $max: { marked_at: at }, $set: { kind, ...(userId === null ? {} : { user_id: userId }) } },
      { upsert: true },
    );
  }

  /** Clears the mark of a run that started at `startedAt`, unless it was marked again after that. */
  async clear(kind: DueKind, userId: string | null, startedAt: Date): Promise<void> {
    await this.marks.deleteOne({ _id: dueKey(kind, userId), marked_at: { $lte: startedAt } });
  }

  /** The people with work of `kind` due since before `before` (the oldest first, at most `limit`). */
  async overdue(kind: DueKind, before: Date, limit: number): Promise<string[]> {
    const found = await this.marks
      .find({ kind, user_id: { $exists: true }, due_since: { $lt: before } }, { projection: { user_id: 1 } })
      .sort({ due_since: 1 })
      .limit(limit)
      .toArray();
    return found.flatMap((mark) => (mark.user_id === undefined ? [] : [mark.user_id]));
  }

  /** The mark of work of `kind` due for everyone, or null when none is due. */
  async everyoneMark(kind: DueKind): Promise<{ due_since: Date; marked_at: Date } | null> {
    const mark = await this.marks.findOne({ _id: dueKey(kind, EVERYONE) });
    return mark === null ? null : { due_since: mark.due_since, marked_at: mark.marked_at };
  }

  /** Removes a person's marks: part of erasing them. */
  async deleteUser(userId: string): Promise<number> {
    return (await this.marks.deleteMany({ user_id: userId })).deletedCount;
  }
}
