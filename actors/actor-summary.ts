import type { SnapshotFrom } from "xstate";
import type { moduleActorMachine } from "./module-actor.ts";
import type { ModuleHealth } from "./supervisor.ts";

/** What anyone watching the live system may see of a module actor: no birth data, no user ids. */
export interface ActorSummary {
  id: string;
  module: string;
  layer: string;
  state: string;
  status: "ok" | "degraded" | "restarting" | "failed";
  config_version: number | null;
  config_source: "database" | "defaults" | null;
  config_error: { message: string; issues: { path: string; message: string }[] } | null;
  last_error: { message: string; at: string } | null;
  restarts: number;
  queue_length: number;
  counters: { processed: number; failed: number; skipped: number; dropped: number };
}

export function summarizeModuleActor(
  id: string,
  snapshot: SnapshotFrom<typeof moduleActorMachine> | undefined,
  module: { name: string; layer: string },
  health: ModuleHealth | undefined,
): ActorSummary {
  const context = snapshot?.context;
  const state = health?.failed ? "failed" : snapshot === undefined || health?.down ? "restarting" : String(snapshot.value);
  const status: ActorSummary["status"] = health?.failed
    ? "failed"
    : state === "restarting"
      ? "restarting"
      : context?.config?.error !== undefined || state === "backoff"
        ? "degraded"
        : "ok";
  return {
    id,
    module: module.name,
    layer: module.layer,
    state,
    status,
    config_version: context?.config?.version ?? null,
    config_source: context?.config?.source ?? null,
    config_error: context?.config?.error ?? null,
    last_error: context?.lastError ?? (health?.lastCrash ? { message: health.lastCrash, at: "" } : null),
    restarts: health?.restarts.length ?? 0,
    queue_length: (context?.queue.length ?? 0) + (health?.held.length ?? 0),
    counters: context?.counters ?? { processed: 0, failed: 0, skipped: 0, dropped: 0 },
  };
}
