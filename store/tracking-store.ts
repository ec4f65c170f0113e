import type { Db } from "mongodb";
import type { TrackingOccurrence } from "../modules/contract.ts";
import { COLLECTIONS, isDuplicateKey } from "./database.ts";

export interface HistoryDocument {
  module: string;
  at: Date;
  snapshot: Record<string, unknown>;
  insights: string[];
  config_version: number;
  /** When the snapshot may be removed (its module's `history_days` after `at`). */
  expires_at: Date;
}

interface OccurrenceDocument {
  _id: string;
  type: string;
  time: string;
  subject?: string;
  module: string;
  published_at: Date;
}


/** Tracking history, the once-only ledger of occurrences and tick claims, and the natal data trackers read. */
export class TrackingStore {
  constructor(private readonly db: Db) {}

  private get history() {
    return this.db.collection<HistoryDocument>(COLLECTIONS.trackingHistory);
  }
  private get occurrences() {
    return this.db.collection<OccurrenceDocument>(COLLECTIONS.trackingOccurrences);
  }
  private get ticks() {
    return this.db.collection<{ _id: string; node: string; claimed_at: Date }>(COLLECTIONS.trackingTicks);
  }

  /**
   * Claims one occurrence of a module's schedule for this node. When several nodes host the same tracking
   * module, only the first to insert the slot's key runs that tick.
   */
  async claimTick(module: string, slot: number, node: string, now: Date): Promise<boolean> {
    try {
      await this.ticks.insertOne({ _id: `${module}:${slot}`, node, claimed_at: now });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // A retry of a tick this node claimed but could not finish keeps its claim.
      const claim = await this.ticks.findOne({ _id: `${module}:${slot}` });
      return claim?.node === node;
    }
  }

  async hasOccurrence(key: string): Promise<boolean> {
    return (await this.occurrences.findOne({ _id: key }, { projection: { _id: 1 } })) !== null;
  }

  /** Removes the occurrences about one person (their lunar returns, exact transits): part of erasing them. */
  async deleteUserOccurrences(userId: string): Promise<number> {
    return (await this.occurrences.deleteMany({ subject: userId })).deletedCount;
  }

  /** Records an occurrence; false when it was already recorded (by an earlier tick, a restart or another node). */
  async recordOccurrence(module: string, occurrence: TrackingOccurrence, now: Date): Promise<boolean> {
    try {
      await this.occurrences.insertOne({
        _id: occurrence.key,
        type: occurrence.type,
        time: occurrence.time,
        module,
        published_at: now,
        ...(occurrence.subject !== undefined ? { subject: occurrence.subject } : {}),
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async addSnapshot(document: HistoryDocument): Promise<void> {
    await this.history.insertOne({ ...document });
  }

  /**
   * Removes expired snapshots. Done by the tracker itself rather than a TTL index so that expiry works the
   * same on every MongoDB-compatible server.
   */
  async pruneHistory(module: string, now: Date): Promise<number> {
    const result = await this.history.deleteMany({ module, expires_at: { $lt: now } });
    return result.deletedCount;
  }

  latest(module: string): Promise<HistoryDocument | null> {
    return this.history.findOne({ module }, { sort: { at: -1 }, projection: { _id: 0 } });
  }

  range(module: string, from: Date, to: Date, limit: number): Promise<HistoryDocument[]> {
    return this.history
      .find({ module, at: { $gte: from, $lte: to } }, { projection: { _id: 0 } })
      .sort({ at: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * A module's snapshots between two instants, oldest first, with only the named snapshot fields: the series the
   * intelligence layer reads (Kp, phase angles) without the rest of each snapshot. No limit: the caller bounds
   * the span.
   */
  async series(module: string, from: Date, to: Date, fields: readonly string[]): Promise<{ at: Date; snapshot: Record<string, unknown> }[]> {
    const projection = Object.fromEntries([["_id", 0], ["at", 1], ...fields.map((field) => [`snapshot.${field}`, 1])]);
    return this.history
      .find<{ at: Date; snapshot: Record<string, unknown> }>({ module, at: { $gte: from, $lte: to } }, { projection })
      .sort({ at: 1 })
      .toArray();
  }
}
