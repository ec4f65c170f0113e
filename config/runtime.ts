import { z } from "zod";

/**
 * Node-wide limits, stored like a module's config under `module_name: "runtime"` in
 * `system_configurations` and read at start. Every in-process queue is bounded by these.
 */
export const RuntimeSettingsSchema = z.object({
  max_queue: z.number().int().min(1).max(1_000_000).default(10_000),
  restart_initial_ms: z.number().int().min(1).default(200),
  restart_max_ms: z.number().int().min(1).default(10_000),
  restart_max_count: z.number().int().min(0).default(5),
  restart_window_ms: z.number().int().min(1).default(60_000),
  config_retry_initial_ms: z.number().int().min(1).default(500),
  config_retry_max_ms: z.number().int().min(1).default(30_000),
  shutdown_timeout_ms: z.number().int().min(100).default(10_000),
  state_publish_interval_ms: z.number().int().min(0).default(250),
  sse_max_clients: z.number().int().min(1).default(100),
  /** How often the reconciler looks for users whose synthesis is missing or behind their revision. */
  reconcile_interval_ms: z.number().int().min(100).default(30_000),
  /** How long a revision may stay pending before the reconciler re-issues its work (in-flight work is left alone). */
  reconcile_grace_ms: z.number().int().min(0).default(60_000),
  /** Users taken per reconciliation round. */
  reconcile_batch: z.number().int().min(1).max(100_000).default(500),
  /**
   * Longest a message waits for its effects before it is acknowledged anyway, so one wedged job cannot hold
   * the node's subscription; the reconciler re-issues whatever was not stored.
   */
  ack_timeout_ms: z.number().int().min(1000).default(120_000),
  /** How long a write lease (one user's revision, one config row) lasts if its holder dies. */
  write_lease_ms: z.number().int().min(100).default(10_000),
  /** How long a writer waits for another's lease before answering 503. */
  write_lease_wait_ms: z.number().int().min(10).default(5_000),
});
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>;
export const RUNTIME_CONFIG_NAME = "runtime";
