export interface DeliveryLimits {
  /** Messages handled at once; those received beyond it wait their turn, in order. */
  concurrency: number;
  /** Messages in hand (handled or waiting) before the client stops reading from the connection. */
  buffered: number;
}

/**
 * The messages a subscriber has in hand: each is handled, then acknowledged. Handling runs side by side up
 * to `concurrency`, so the client keeps reading the connection while handlers work (a keepalive answer is
 * read when it arrives, not behind the backlog); reading stops only past `buffered`, for a broker that
 * sends more than the receive maximum it was given.
 */
export class DeliveryWindow {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private heldReader: (() => void) | undefined;
  private readonly drainWaiters: (() => void)[] = [];
  private paused = false;
  private lastHandled = 0;

  constructor(private readonly limits: DeliveryLimits) {}

  /**
   * A message arrived. `handle` stores its effects (and never rejects); `acknowledge` is called once it has;
   * `readNext` lets the client read the next packet, now or once the window has room again.
   */
  accept(handle: () => Promise<void>, acknowledge: () => void, readNext: () => void): void {
    const start = (): void => {
      this.running += 1;
      const finish = (): void => {
        acknowledge();
        this.lastHandled = Date.now();
        this.running -= 1;
        if (!this.paused) this.waiting.shift()?.();
        this.resumeReading();
        if (this.running === 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
      };
      handle().then(finish, finish);
    };
    if (this.running < this.limits.concurrency) start();
    else this.waiting.push(start);
    if (this.inHand <= this.limits.buffered) readNext();
    else this.heldReader = readNext;
  }

  /** Messages handled or waiting. */
  get inHand(): number {
    return this.running + this.waiting.length;
  }

  /**
   * Starts no more handlers: messages still waiting are let go unacknowledged (the broker delivers them again
   * to this session or another member of the group); those running finish and are acknowledged.
   */
  pause(): void {
    this.paused = true;
    this.waiting.length = 0;
  }

  /** Resolves when every handler already running has finished. */
  drained(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** When a handler last finished (ms since the epoch; 0 before the first). */
  lastHandledAt(): number {
    return this.lastHandled;
  }

  private resumeReading(): void {
    if (this.heldReader === undefined || this.paused || this.inHand > this.limits.buffered) return;
    const resume = this.heldReader;
    this.heldReader = undefined;
    resume();
  }
}
