import type { DeadLetter } from "../bus/dead-letter.ts";
import type { ProfileDocument } from "../store/user-store.ts";

/**
 * Log fields of a module error or a dead letter: the stable code and the names of the fields at fault.
 * Messages and payloads are left out because they can quote birth data (a skipped local time names its
 * date; a rejected event carries the whole birth record), and logs must never hold it (DESIGN.md §11).
 */
export function moduleErrorFields(module: string, profile: ProfileDocument): Record<string, unknown> {
  return {
    module,
    user_id: profile.user_id,
    error: profile.error?.error ?? "unknown",
    fields: (profile.error?.issues ?? []).map((issue) => issue.path).join(","),
  };
}

export function deadLetterFields(letter: DeadLetter): Record<string, unknown> {
  return {
    topic: letter.topic,
    error: letter.reason.error,
    fields: (letter.reason.issues ?? []).map((issue) => issue.path).join(","),
  };
}
