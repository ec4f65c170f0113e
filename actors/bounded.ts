/** A set that remembers at most `capacity` keys, forgetting the oldest first. */
export class RecentSet {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    while (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
  }

  has(key: string): boolean {
    return this.keys.has(key);
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
