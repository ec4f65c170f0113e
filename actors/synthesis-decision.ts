import type { ModuleOutput } from "../modules/contract.ts";
import type { ProfileDocument, SynthesisDocument, UserHead } from "../store/user-store.ts";

export type SynthesisDecision =
  | { status: "complete"; synthesis: SynthesisDocument & { user_created_at: Date } }
  | { status: "pending"; modules_done: string[]; modules_pending: string[] };

/** How many insights of each module the master synthesis carries forward. */
export const INSIGHTS_PER_MODULE = 5;

/**
 * Decides whether a user's synthesis can be written: only when every expected module has a profile for the
 * user's current revision (same source event). Profiles of older revisions count as pending.
 */
export function decideSynthesis(
  user: Pick<UserHead, "_id" | "revision" | "birth_event_id" | "birth_event_time" | "created_at">,
  profiles: readonly ProfileDocument[],
  expectedModules: readonly string[],
  now: Date,
): SynthesisDecision {
  const current = new Map(
    profiles.filter((profile) => profile.source_event_id === user.birth_event_id).map((profile) => [profile.module, profile]),
  );
  const done = expectedModules.filter((name) => current.has(name));
  const pending = expectedModules.filter((name) => !current.has(name));
  if (pending.length > 0) return { status: "pending", modules_done: done, modules_pending: pending };

  const modules: Record<string, ModuleOutput> = {};
  const insights: string[] = [];
  const errors: SynthesisDocument["errors"] = [];
  for (const name of expectedModules) {
    const profile = current.get(name) as ProfileDocument;
    if (profile.status === "error" || profile.data === undefined || profile.metadata === undefined) {
      errors.push({ module: name, error: profile.error?.error ?? "error", message: profile.error?.message ?? "failed" });
      continue;
    }
    modules[name] = {
      module: name,
      layer: profile.layer ?? "calculation",
      version: profile.version ?? "0.0.0",
      data: profile.data,
      insights: profile.insights ?? [],
      metadata: profile.metadata,
    };
    insights.push(...(profile.insights ?? []).slice(0, INSIGHTS_PER_MODULE));
  }
  return {
    status: "complete",
    synthesis: {
      user_id: user._id,
      revision: user.revision,
      user_created_at: user.created_at,
      source_event_id: user.birth_event_id,
      source_event_time: user.birth_event_time,
      generated_at: now,
      modules,
      insights,
      errors,
    },
  };
}
