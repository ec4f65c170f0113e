/** How long a message that came before any handler for it waits for one before it is acknowledged unhandled. */
export const EARLY_MESSAGE_WAIT_MS = 30_000;
/** Quiet time after the last handler was added before early messages are handed to the handlers in place. */
export const EARLY_HANDOVER_DELAY_MS = 200;

export interface EarlyMessageOptions<P> {
  /** How long a message waits for a handler before it is acknowledged unhandled. */
  waitMs: number;
  /** Quiet time after the last handler was added before waiting messages are handed over. */
  handOverDelayMs: number;
  hasHandlers(packet: P): boolean;
  deliver(packet: P, acknowledge: () => void): void;
  /** False while the bus is stopping: nothing is handed over or acknowledged then. */
  active(): boolean;
}

/**
 * Messages that came before any handler for them. A resumed session's messages come again as soon as the
 * node connects, before it has subscribed its handlers; handled then, they reached no handler and were
 * acknowledged, lost to the reconciler. They wait for handlers instead (a node subscribes them together, so
 * they go once the subscriptions have been quiet for a moment), and are acknowledged unhandled only if none
 * appears: a subscription the session kept that this node no longer wants. Only until the node's first
 * handlers are in place: after that, a message with no handler is one nobody here wants any more.
 */
export class EarlyMessages<P> {
  private readonly held: { packet: P; acknowledge: () => void; timer: ReturnType<typeof setTimeout> }[] = [];
  private handOverTimer: ReturnType<typeof setTimeout> | undefined;
  private starting = true;

  constructor(private readonly options: EarlyMessageOptions<P>) {}

  /** Whether a message with no handler yet should wait (the node is still subscribing its handlers). */
  get waiting(): boolean {
    return this.starting;
  }

  hold(packet: P, acknowledge: () => void): void {
    const entry = {
      packet,
      acknowledge,
      timer: setTimeout(() => {
        if (!this.options.active() || !this.remove(entry)) return;
        acknowledge();
      }, this.options.waitMs),
    };
    this.held.push(entry);
  }

  /** A handler was added: hand over what now has one, once the node has subscribed the rest. */
  handlersChanged(): void {
    clearTimeout(this.handOverTimer);
    this.handOverTimer = setTimeout(() => this.handOver(), this.options.handOverDelayMs);
  }

  /** The connection is gone (the broker delivers them again) or the bus is stopping. */
  forget(): void {
    clearTimeout(this.handOverTimer);
    for (const entry of this.held.splice(0)) clearTimeout(entry.timer);
  }

  get size(): number {
    return this.held.length;
  }

  private handOver(): void {
    if (!this.options.active()) return;
    this.starting = false;
    for (const entry of [...this.held]) {
      if (!this.options.hasHandlers(entry.packet)) continue;
      this.remove(entry);
      clearTimeout(entry.timer);
      this.options.deliver(entry.packet, entry.acknowledge);
    }
  }

  private remove(entry: (typeof this.held)[number]): boolean {
    const index = this.held.indexOf(entry);
    if (index < 0) return false;
    this.held.splice(index, 1);
    return true;
  }
}
