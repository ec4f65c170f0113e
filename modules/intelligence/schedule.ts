import { z } from "zod";

/**
 * The config fields of a per-person module's schedule (the node runs it for one person at a time), with the
 * module's own defaults: the observer runs soon after new entries, the synthesis refresh waits for a burst of sky
 * events to pass.
 */
export function personalScheduleShape(defaults: { debounceMs: number; scheduleHours: number; recoverAfterMs: number; recoverBatch: number }) {
  return {
    /** A person's run comes this long after the latest change about them, so a burst of changes is one run, ms. */
    debounce_ms: z.int().min(0).max(86_400_000).default(defaults.debounceMs),
    /** Everyone the module covers is run again this often, hours; the slots are aligned so that every node agrees on
     * them, and one node runs each. */
    schedule_hours: z.number().min(0.01).max(24 * 30).default(defaults.scheduleHours),
    /** Work marked due this long ago that no run has cleared (its node crashed) is looked up and run, ms; longer
     * than a node's usual queue, so that work in hand elsewhere is rarely run twice. */
    recover_after_ms: z.int().min(1_000).max(7 * 86_400_000).default(defaults.recoverAfterMs),
    /** People one lookup of due work queues at most. */
    recover_batch: z.int().positive().max(1_000_000).default(defaults.recoverBatch),
  };
}

/**
 * Refuses a recovery delay no longer than the debounce: every mark would be found overdue before its debounced run,
 * and each person run twice.
 */
export const RECOVER_AFTER_DEBOUNCE: [
  (config: { debounce_ms: number; recover_after_ms: number }) => boolean,
  { path: string[]; message: string },
] = [
  (config) => config.recover_after_ms > config.debounce_ms,
  { path: ["recover_after_ms"], message: "must be longer than debounce_ms (due work would be run before its debounce, then again)" },
];
