/**
 * Messages waiting for the work they started: a message is acknowledged when its work settles (done, or
 * ended for a reason), so its effects are stored before the broker forgets it. Bounded in time: a wait
 * that outlives `timeoutMs` ends anyway, and the reconciler re-issues whatever was not stored.
 */
export class Waiters {
  private readonly waiting = new Map<string, (() => void)[]>();
  timedOut = 0;

  constructor(private readonly timeoutMs: number) {}

  /** Resolves when `settle(key)` is called, or after the timeout. */
  wait(key: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timedOut += 1;
        this.remove(key, done);
        resolve();
      }, this.timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const list = this.waiting.get(key) ?? [];
      list.push(done);
      this.waiting.set(key, list);
    });
  }

  settle(key: string): void {
    const list = this.waiting.get(key);
    if (list === undefined) return;
    this.waiting.delete(key);
    for (const done of list) done();
  }

  get size(): number {
    return this.waiting.size;
  }

  private remove(key: string, done: () => void): void {
    const list = this.waiting.get(key)?.filter((candidate) => candidate !== done);
    if (list === undefined || list.length === 0) this.waiting.delete(key);
    else this.waiting.set(key, list);
  }
}

/** The key a module job's message waits under. */
export const jobKey = (module: string, eventId: string): string => `job\n${module}\n${eventId}`;
