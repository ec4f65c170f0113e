/**
 * Which modules have answered a user's current birth-data event, kept in memory so the pipeline reads
 * the profiles once, when the last module answers, instead of after every module. Bounded: the least
 * recently touched users are forgotten first, and a forgotten user is re-seeded from the database.
 */
export class SynthesisProgress {
  private readonly entries = new Map<string, { eventId: string; modules: Set<string>; written: boolean }>();

  constructor(private readonly capacity: number) {}

  has(userId: string, eventId: string): boolean {
    return this.entries.get(userId)?.eventId === eventId;
  }

  /** Starts tracking an event (forgetting an older one of the same user) with the modules already known. */
  seed(userId: string, eventId: string, modules: Iterable<string>): void {
    this.entries.delete(userId);
    this.entries.set(userId, { eventId, modules: new Set(modules), written: false });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Records an answer; returns whether every expected module has now answered and nothing was written yet. */
  record(userId: string, eventId: string, module: string | undefined, expected: readonly string[]): boolean {
    const entry = this.entries.get(userId);
    if (entry === undefined || entry.eventId !== eventId) return false;
    if (module !== undefined) entry.modules.add(module);
    // Touch: move to the most recent end.
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    return !entry.written && expected.every((name) => entry.modules.has(name));
  }

  markWritten(userId: string, eventId: string): void {
    const entry = this.entries.get(userId);
    if (entry !== undefined && entry.eventId === eventId) entry.written = true;
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }

  get size(): number {
    return this.entries.size;
  }
}
