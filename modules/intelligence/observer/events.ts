import type { Finding } from "./schemas.ts";

export interface FindingEvent {
  type: "observer.finding.detected" | "observer.finding.updated";
  /** The person's user id: the event goes to their own topic only. */
  subject: string;
  data: Finding;
}

/**
 * Events for a recomputation at `at`: `detected` for a finding whose id was not among the stored ones, `updated` for
 * one whose statistic, effect, p-value or group changed or that had lapsed and holds again; nothing for an
 * unchanged finding. A stored finding that holds but is not among `current` lapses: `updated` with `lapsed_at`, once
 * (a lapsed one still absent gives nothing, so a person without entries is not told the same thing every run).
 */
export function findingEvents(stored: readonly Finding[], current: readonly Finding[], at: Date): FindingEvent[] {
  const byId = new Map(stored.map((f) => [f.id, f]));
  const found = current.flatMap((finding): FindingEvent[] => {
    const before = byId.get(finding.id);
    if (before === undefined) return [{ type: "observer.finding.detected", subject: finding.user_id, data: finding }];
    const changed =
      before.lapsed_at !== undefined ||
      before.statistic !== finding.statistic ||
      before.effect !== finding.effect ||
      before.p_value !== finding.p_value ||
      before.group !== finding.group;
    return changed ? [{ type: "observer.finding.updated", subject: finding.user_id, data: finding }] : [];
  });
  const currentIds = new Set(current.map((f) => f.id));
  const lapsed = stored
    .filter((finding) => finding.lapsed_at === undefined && !currentIds.has(finding.id))
    .map((finding): FindingEvent => ({ type: "observer.finding.updated", subject: finding.user_id, data: { ...finding, lapsed_at: at.toISOString() } }));
  return [...found, ...lapsed];
}

/** Whether an event announces a lapse (no evidence for anything). */
export const isLapse = (event: FindingEvent): boolean => event.data.lapsed_at !== undefined;
