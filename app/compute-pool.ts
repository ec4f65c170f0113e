import { GuttersError, RetryLaterError } from "../core/errors.ts";
import { type ComputeResults, type ComputeTask, deserializeError, type SerializedError } from "./compute-tasks.ts";

export interface ComputeLimits {
  /** Threads at most. */
  workers: number;
  /** Tasks waiting for a thread at most; beyond, `run` refuses with 503. */
  queue: number;
  /** A task still running after this is abandoned: its thread is terminated and replaced. */
  timeoutMs: number;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

interface Job {
  task: ComputeTask;
  limits: ComputeLimits;
  /** When it was queued: the time limit covers waiting too, so no caller waits longer than `timeoutMs`. */
  queuedAt: number;
  /** Ends the wait when the time is up before a thread is free. */
  waitTimer?: ReturnType<typeof setTimeout>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/** Idle threads end after this long, so a quiet node holds no extra memory. */
const IDLE_MS = 30_000;

/**
 * A small pool of Bun worker threads for the expensive queries (issue 9 §5): the event loop that answers
 * health checks, other requests and MQTT stays free while an `upcoming` of a year is computed. Bounded in
 * threads, queue and time per task; each limit comes from the runtime config with every call.
 */
export class ComputePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;

  constructor(private readonly script: string = new URL("./compute-worker.ts", import.meta.url).href) {}

  run<K extends ComputeTask["kind"]>(task: Extract<ComputeTask, { kind: K }>, limits: ComputeLimits): Promise<ComputeResults[K]> {
    return new Promise<ComputeResults[K]>((resolve, reject) => {
      const job: Job = { task, limits, queuedAt: performance.now(), resolve: (value) => resolve(value as ComputeResults[K]), reject };
      if (this.freeSlot(limits) === undefined && this.waiting.length >= limits.queue) {
        reject(busy("every compute thread is busy and the queue is full; retry shortly"));
        return;
      }
      this.waiting.push(job);
      job.waitTimer = setTimeout(() => {
        const index = this.waiting.indexOf(job);
        if (index < 0) return;
        this.waiting.splice(index, 1);
        job.reject(busy(`the query waited ${limits.timeoutMs} ms for a compute thread and was abandoned`));
      }, limits.timeoutMs);
      this.pump();
    });
  }

  /** Threads alive now (idle ones included). */
  get size(): number {
    return this.slots.length;
  }

  /** Ends every thread and refuses what is still waiting. */
  close(): void {
    for (const job of this.waiting.splice(0)) {
      clearTimeout(job.waitTimer);
      job.reject(busy("the compute pool was closed"));
    }
    for (const slot of this.slots.splice(0)) {
      clearTimeout(slot.idleTimer);
      slot.job?.reject(busy("the compute pool was closed"));
      slot.worker.terminate();
    }
  }

  private freeSlot(limits: ComputeLimits): Slot | undefined {
    const idle = this.slots.find((slot) => slot.job === undefined);
    if (idle !== undefined) return idle;
    return this.slots.length < limits.workers ? this.spawn() : undefined;
  }

  private pump(): void {
    for (;;) {
      const next = this.waiting[0];
      if (next === undefined) return;
      const slot = this.freeSlot(next.limits);
      if (slot === undefined) return;
      this.waiting.shift();
      this.dispatch(slot, next);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    // An idle thread must not keep the process alive at shutdown.
    worker.unref();
    const slot: Slot = { worker };
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer);
    clearTimeout(job.waitTimer);
    slot.job = job;
    const id = this.nextId++;
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      slot.worker.onmessage = null;
      slot.worker.onerror = null;
      slot.job = undefined;
      settle();
      slot.idleTimer = setTimeout(() => this.retire(slot), IDLE_MS);
      slot.idleTimer.unref?.();
      this.pump();
    };
    const timer = setTimeout(() => {
      this.retire(slot);
      job.reject(busy(`the query took longer than ${job.limits.timeoutMs} ms and was abandoned`));
      this.pump();
    }, Math.max(1, job.limits.timeoutMs - (performance.now() - job.queuedAt)));
    slot.worker.onmessage = (event: MessageEvent<Reply>) => {
      if (event.data.id !== id) return;
      const reply = event.data;
      finish(() => (reply.ok ? job.resolve(reply.value) : job.reject(deserializeError(reply.error))));
    };
    slot.worker.onerror = () => {
      clearTimeout(timer);
      this.retire(slot);
      job.reject(new GuttersError("internal", "the computation failed", { status: 500 }));
      this.pump();
    };
    slot.worker.postMessage({ id, task: job.task });
  }

  /** Ends a thread (idle, timed out or crashed) and forgets it. */
  private retire(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    slot.worker.onmessage = null;
    slot.worker.onerror = null;
    slot.job = undefined;
    slot.worker.terminate();
  }
}

function busy(message: string): GuttersError {
  return new RetryLaterError("busy", message, 503, 1);
}

let shared: ComputePool | undefined;

/** The process's one pool: every app in the process (one in production, several in tests) shares its threads. */
export function sharedComputePool(): ComputePool {
  shared ??= new ComputePool();
  return shared;
}
