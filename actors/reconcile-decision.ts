import type { UserHead } from "../store/user-store.ts";

export type ReconcileAction =
  /** Every module answered the revision: write (or announce again) its synthesis. */
  | { action: "synthesize" }
  /** Some modules have not answered: announce the revision again; those that did answer repeat their answer. */
  | { action: "reissue"; missing: string[] };

/** What a pending user needs, from which revision each module last answered. */
export function decideReconcile(
  user: Pick<UserHead, "revision">,
  heads: readonly { module: string; source_revision: number }[],
  expectedModules: readonly string[],
): ReconcileAction {
  const answered = new Set(heads.filter((head) => head.source_revision === user.revision).map((head) => head.module));
  const missing = expectedModules.filter((module) => !answered.has(module));
  return missing.length === 0 ? { action: "synthesize" } : { action: "reissue", missing };
}
