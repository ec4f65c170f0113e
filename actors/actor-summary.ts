import type { ConfigState } from "./jobs.ts";
import type { ModuleHealth } from "./supervisor.ts";

/** What the summary reads of a module or tracking actor's snapshot. */
export interface ActorSnapshotView {
  value: unknown;
  context: {
    config?: ConfigState;
    lastError?: { message: string; at: string };
    queue?: unknown[];
    lastTickAt?: string;
    counters: Record<string, number>;
  };
}

/** What anyone watching the live system may see of a module actor: no birth data, no user ids. */
export interface ActorSummary {
  id: string;
  module: string;
  layer: string;
  /** Which kind of actor it is (the state machine the live view draws). */
  machine: "calculation" | "tracking" | "personal";
  state: string;
  status: "ok" | "degraded" | "restarting" | "failed";
  config_version: number | null;
  config_source: "database" | "defaults" | null;
  config_error: { message: string; issues: { path: string; message: string }[] } | null;
  last_error: { message: string; at: string } | null;
  restarts: number;
  queue_length: number;
  counters: Record<string, number>;
  /** Tracking actors: the instant of the last completed tick. */
  last_tick_at?: string;
}

export function summarizeModuleActor(
  id: string,
  snapshot: ActorSnapshotView | undefined,
  module: { name: string; layer: string; personal?: boolean },
  health: ModuleHealth | undefined,
): ActorSummary {
  const context = snapshot?.context;
  const state = health?.failed ? "failed" : snapshot === undefined || health?.down ? "restarting" : String(snapshot.value);
  const status: ActorSummary["status"] = health?.failed
    ? "failed"
    : state === "restarting"
      ? "restarting"
      : context?.config?.error !== undefined || state === "backoff" || state === "retrying" || state === "configBackoff"
        ? "degraded"
        : "ok";
  return {
    id,
    module: module.name,
    layer: module.layer,
    machine: module.layer === "tracking" ? "tracking" : module.personal === true ? "personal" : "calculation",
    state,
    status,
    config_version: context?.config?.version ?? null,
    config_source: context?.config?.source ?? null,
    config_error: context?.config?.error ?? null,
    last_error: context?.lastError ?? (health?.lastCrash ? { message: health.lastCrash, at: "" } : null),
    restarts: health?.restarts.length ?? 0,
    queue_length: (context?.queue?.length ?? 0) + (health?.held.length ?? 0),
    counters: context?.counters ?? {},
    ...(context?.lastTickAt !== undefined ? { last_tick_at: context.lastTickAt } : {}),
  };
}
