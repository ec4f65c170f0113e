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
  reconcile_batch: z.number().int().min(1).max(100_000).default(100),
  /** Rounds a node with work flowing may skip in a row before it reconciles anyway. */
  reconcile_max_deferrals: z.number().int().min(0).max(1000).default(10),
  /**
   * Longest a message waits for its effects before it is acknowledged anyway, so one wedged job cannot hold
   * the node's subscription; the reconciler re-issues whatever was not stored.
   */
  ack_timeout_ms: z.number().int().min(1000).default(120_000),
  /** How long the synthesis reuses a tracking module's latest snapshot before reading it again. */
  tracking_context_cache_ms: z.number().int().min(0).default(60_000),
  /** How long a write lease (one user's revision, one config row) lasts if its holder dies. */
  write_lease_ms: z.number().int().min(100).default(10_000),
  /** How long a writer waits for another's lease before answering 503. */
  write_lease_wait_ms: z.number().int().min(10).default(5_000),
  /** Bytes an SSE client may leave unread; a client further behind is disconnected rather than buffered for. */
  sse_max_buffer_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Requests one caller (its key or person; without a valid credential, its address) may make per window; beyond: 429 with Retry-After.
   * `/health/*` is not counted, so probes keep working under load. */
  rate_limit_requests: z.number().int().min(1).default(600),
  rate_limit_window_ms: z.number().int().min(100).max(3_600_000).default(60_000),
  /** Clients tracked at once; beyond it the oldest windows are forgotten, so memory stays bounded. */
  rate_limit_max_clients: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Longest `upcoming` window, days, without and with a user's natal chart (exact transits cost most). */
  upcoming_max_days: z.number().int().min(1).max(3660).default(366),
  upcoming_user_max_days: z.number().int().min(1).max(3660).default(366),
  /** Threads that run expensive queries (upcoming, user transits, stateless charts) off the event loop. */
  compute_workers: z.number().int().min(1).max(64).default(1),
  /** Expensive queries waiting for a thread; beyond it a request gets 503 with Retry-After. */
  compute_queue: z.number().int().min(0).max(10_000).default(32),
  /** An expensive query still running after this is abandoned (its thread replaced) and answered 503. */
  compute_timeout_ms: z.number().int().min(100).max(600_000).default(30_000),
  /** How long a node reuses the stored config of a module it does not host; a change announced by `config.updated`
   * applies at once, this bounds how long a node that missed the announcement keeps the old one. */
  config_cache_ms: z.number().int().min(0).max(600_000).default(5_000),
  /** How long a node trusts an API key it verified before reading `api_keys` again: a key deleted through
   * another node keeps working there at most this long. */
  auth_cache_ms: z.number().int().min(0).max(600_000).default(5_000),
  /** Longest (and default) lifetime of a person's token. */
  person_token_max_ttl_seconds: z.number().int().min(60).max(31_536_000).default(2_592_000),
  /** How often a node keeping people's broker accounts (`GUTTERS_BROKER_ACCOUNTS=dynsec`) removes those whose token
   * has expired: Mosquitto has no expiry of its own, so an expired token works there at most this much longer.
   * Read when the node starts. */
  broker_account_sweep_seconds: z.number().int().min(5).max(86_400).default(60),
  /** How often the HTTP layer re-reads this row, so a change made through any node applies everywhere. */
  runtime_reload_ms: z.number().int().min(100).max(3_600_000).default(5_000),
});
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>;
export const RUNTIME_CONFIG_NAME = "runtime";
