import { createHash } from "node:crypto";
import type { Db } from "mongodb";
import { UnavailableError } from "../core/errors.ts";
import { COLLECTIONS, isDuplicateKey } from "./database.ts";

interface LeaseDocument {
  _id: string;
  owner: string;
  expires_at: Date;
}

export interface LeaseTimings {
  /** How long a lease lasts if its holder dies without releasing it. */
  leaseMs: number;
  /** How long a writer waits for a lease before giving up with 503. */
  waitMs: number;
}

/**
 * Short exclusive leases on a key (a user, a config row), taken by inserting a document whose `_id` is the
 * key. An insert with a unique key is the one write every MongoDB-compatible server makes atomic; some
 * (FerretDB) apply concurrent conditional updates and `$inc` without isolation, so read-modify-write
 * sequences that must not interleave (revision numbers, config versions) run inside a lease. Keys are
 * stored hashed: a lease left by a process that died names no one.
 */
export class Leases {
  constructor(
    private readonly db: Db,
    private readonly timings: LeaseTimings,
  ) {}

  private get leases() {
    return this.db.collection<LeaseDocument>(COLLECTIONS.leases);
  }

  /** Runs `work` holding the lease on `key`; waits (bounded) while another holder has it. */
  async with<T>(key: string, work: () => Promise<T>): Promise<T> {
    const owner = crypto.randomUUID();
    const id = leaseId(key);
    const deadline = Date.now() + this.timings.waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.leases.insertOne({ _id: id, owner, expires_at: new Date(Date.now() + this.timings.leaseMs) });
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // A holder that died leaves an expired lease: take it over.
        await this.leases.deleteOne({ _id: id, expires_at: { $lt: new Date() } });
        if (Date.now() > deadline) throw new UnavailableError(`"${key}" is being written by someone else; retry shortly`);
        await Bun.sleep(Math.min(50, 2 + attempt * 3) * (0.5 + Math.random()));
      }
    }
    try {
      return await work();
    } finally {
      await this.leases.deleteOne({ _id: id, owner });
    }
  }
}

const leaseId = (key: string): string => createHash("sha256").update(key).digest("hex");

/**
 * The lease under which a user's document or synthesis changes, or the user is erased. FerretDB writes an updated
 * document back whole, without isolating its read from its write: two updates of one document at once can each
 * undo the other, whatever fields they touch (a run's instant undid a new revision of the birth data).
 */
export const userLease = (userId: string): string => `user:${userId}`;
