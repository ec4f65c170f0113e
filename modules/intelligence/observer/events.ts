import type { Finding } from "./schemas.ts";

export interface FindingEvent {
  type: "observer.finding.detected" | "observer.finding.updated";
  /** The person's user id: the event goes to their own topic only. */
  subject: string;
  data: Finding;
}

/**
 * Events for a recomputation: `detected` for a finding whose id was not among the stored ones, `updated` for one
 * whose statistic, effect, p-value or group changed; nothing for an unchanged finding.
 */
export function findingEvents(stored: readonly Finding[], current: readonly Finding[]): FindingEvent[] {
  const byId = new Map(stored.map((f) => [f.id, f]));
  return current.flatMap((finding): FindingEvent[] => {
    const before = byId.get(finding.id);
    if (before === undefined) return [{ type: "observer.finding.detected", subject: finding.user_id, data: finding }];
    const changed =
      before.statistic !== finding.statistic || before.effect !== finding.effect || before.p_value !== finding.p_value || before.group !== finding.group;
    return changed ? [{ type: "observer.finding.updated", subject: finding.user_id, data: finding }] : [];
  });
}
