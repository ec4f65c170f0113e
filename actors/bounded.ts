import { type Erasure, erases } from "./erasures.ts";
import type { CalculationJob } from "./jobs.ts";

/** The latest erasure of each of at most `capacity` users, forgetting the oldest first. */
export class RecentErasures {
  private readonly upTo = new Map<string, Date>();

  constructor(private readonly capacity: number) {}

  add(erasure: Erasure): void {
    const known = this.upTo.get(erasure.userId);
    this.upTo.delete(erasure.userId);
    this.upTo.set(erasure.userId, known !== undefined && known > erasure.upTo ? known : erasure.upTo);
    while (this.upTo.size > this.capacity) {
      const oldest = this.upTo.keys().next().value;
      if (oldest === undefined) break;
      this.upTo.delete(oldest);
    }
  }

  /** Whether an erasure heard of here removed the job's generation of its user. */
  covers(job: Pick<CalculationJob, "userId" | "userCreatedAt">): boolean {
    const upTo = this.upTo.get(job.userId);
    return upTo !== undefined && erases({ userId: job.userId, upTo }, job);
  }
}

/** Work in flight by key (a user id), so something can wait until none of it is left. */
export class PromisesByKey {
  private readonly byKey = new Map<string, Set<Promise<unknown>>>();

  add(key: string, promise: Promise<unknown>): void {
    const set = this.byKey.get(key) ?? new Set();
    set.add(promise);
    this.byKey.set(key, set);
  }

  remove(key: string, promise: Promise<unknown>): void {
    const set = this.byKey.get(key);
    if (set === undefined) return;
    set.delete(promise);
    if (set.size === 0) this.byKey.delete(key);
  }

  /** Resolves once every promise of the key present now has settled. */
  async settled(key: string): Promise<void> {
    await Promise.allSettled([...(this.byKey.get(key) ?? [])]);
  }
}
