import type { InspectionEvent } from "xstate";

/** An inspection event with nothing of its payload: who, what kind, which event type, which state. */
export interface SanitizedInspection {
  kind: string;
  actor: string;
  event_type?: string;
  state?: unknown;
  at: string;
}

/** Strips an XState inspection event down to what may leave the process (no event data, no context). */
export function sanitizeInspection(event: InspectionEvent, at: Date): SanitizedInspection {
  const actor = (event.actorRef as { id?: string }).id ?? "unknown";
  const base: SanitizedInspection = { kind: event.type.replace("@xstate.", ""), actor, at: at.toISOString() };
  switch (event.type) {
    case "@xstate.event":
      return { ...base, event_type: event.event.type };
    case "@xstate.snapshot": {
      const value = (event.snapshot as { value?: unknown }).value;
      return { ...base, event_type: event.event.type, ...(value !== undefined ? { state: value } : {}) };
    }
    default:
      return base;
  }
}

interface LiveStateOptions<T> {
  publish: (actorId: string, summary: T) => Promise<void> | void;
  /** At most one retained publish per actor per interval; the latest summary always goes out. */
  intervalMs: number;
  maxListeners: number;
}

/**
 * Fans inspection out to live listeners (SSE) and publishes retained actor summaries when they change,
 * throttled so a busy actor does not publish once per job.
 */
export class LiveState<T> {
  private readonly listeners = new Set<(event: SanitizedInspection) => void>();
  private readonly lastSent = new Map<string, string>();
  private readonly pending = new Map<string, T>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly options: LiveStateOptions<T>) {}

  inspect(event: InspectionEvent): void {
    if (this.listeners.size === 0 || event.type === "@xstate.microstep" || event.type === "@xstate.action") return;
    const sanitized = sanitizeInspection(event, new Date());
    for (const listener of this.listeners) listener(sanitized);
  }

  /** Registers a listener; throws when the configured number of listeners is reached. */
  listen(listener: (event: SanitizedInspection) => void): () => void {
    if (this.listeners.size >= this.options.maxListeners) throw new Error("too many live listeners");
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(actorId: string, summary: T): void {
    if (this.stopped) return;
    const text = JSON.stringify(summary);
    if (this.lastSent.get(actorId) === text && !this.pending.has(actorId)) return;
    if (this.timers.has(actorId)) {
      this.pending.set(actorId, summary);
      return;
    }
    this.send(actorId, summary, text);
  }

  private send(actorId: string, summary: T, text: string): void {
    this.lastSent.set(actorId, text);
    void this.options.publish(actorId, summary);
    const timer = setTimeout(() => {
      this.timers.delete(actorId);
      const next = this.pending.get(actorId);
      this.pending.delete(actorId);
      if (next !== undefined && !this.stopped) {
        const nextText = JSON.stringify(next);
        if (nextText !== this.lastSent.get(actorId)) this.send(actorId, next, nextText);
      }
    }, this.options.intervalMs);
    this.timers.set(actorId, timer);
  }

  /** Sends what is pending at once and clears every timer: a stopped node leaves none behind. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const [actorId, summary] of this.pending) void this.options.publish(actorId, summary);
    this.pending.clear();
    this.listeners.clear();
  }
}
