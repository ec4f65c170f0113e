import { describe, expect, test } from "bun:test";
import { findingEvents, isLapse } from "../events.ts";
import type { Finding } from "../schemas.ts";

const finding: Finding = {
  id: "u1:lunar_phase:mood",
  user_id: "u1",
  pattern_type: "lunar_phase",
  subject: "mood",
  group: "full",
  statistic: 2.1,
  statistic_name: "max_abs_mean_difference",
  effect: -2.1,
  effect_name: "mean_difference",
  p_value: 0.01,
  p_value_raw: 0.001,
  test: "permutation",
  correction: "holm",
  tests_run: 10,
  confidence: 0.7,
  data_points: 60,
  window: { start: "2026-01-01T00:00:00.000Z", end: "2026-03-01T00:00:00.000Z", days: 59 },
  detected_at: "2026-03-01T00:00:00.000Z",
  evidence: [],
};

const AT = new Date("2026-03-05T00:00:00.000Z");
const lapsed: Finding = { ...finding, lapsed_at: "2026-03-03T00:00:00.000Z" };
const other: Finding = { ...finding, id: "u1:day_of_week:energy", pattern_type: "day_of_week", subject: "energy", group: "monday" };

describe("findingEvents", () => {
  test("a new finding is detected, a changed one updated, an unchanged one silent", () => {
    expect(findingEvents([], [finding], AT)).toEqual([{ type: "observer.finding.detected", subject: "u1", data: finding }]);
    const changed = { ...finding, effect: -2.4, statistic: 2.4, detected_at: "2026-03-02T00:00:00.000Z" };
    expect(findingEvents([finding], [changed], AT).map((e) => e.type)).toEqual(["observer.finding.updated"]);
    expect(findingEvents([finding], [{ ...finding, detected_at: "2026-03-02T00:00:00.000Z" }], AT)).toEqual([]);
  });

  test("a stored finding that holds but is no longer detected lapses at the run's instant, as it was last detected", () => {
    const events = findingEvents([finding, other], [other], AT);
    expect(events).toEqual([{ type: "observer.finding.updated", subject: "u1", data: { ...finding, lapsed_at: "2026-03-05T00:00:00.000Z" } }]);
    expect(events.map(isLapse)).toEqual([true]);
  });

  test("with nothing detected (no entries in the window) every holding finding lapses", () => {
    const events = findingEvents([finding, other], [], AT);
    expect(events.map((e) => [e.type, e.data.id, e.data.lapsed_at])).toEqual([
      ["observer.finding.updated", finding.id, AT.toISOString()],
      ["observer.finding.updated", other.id, AT.toISOString()],
    ]);
  });

  test("a lapsed finding detected again holds again: updated with the new finding, without lapsed_at", () => {
    const again = { ...finding, detected_at: "2026-03-05T00:00:00.000Z" };
    const events = findingEvents([lapsed], [again], AT);
    expect(events).toEqual([{ type: "observer.finding.updated", subject: "u1", data: again }]);
    expect(events[0]?.data.lapsed_at).toBeUndefined();
    expect(events.map(isLapse)).toEqual([false]);
  });

  test("a lapsed finding still absent gives nothing: a lapse is announced once", () => {
    expect(findingEvents([lapsed], [], AT)).toEqual([]);
    expect(findingEvents([lapsed, other], [other], AT)).toEqual([]);
  });

  test("the stored findings are left as they were (pure)", () => {
    const stored = [finding];
    findingEvents(stored, [], AT);
    expect(stored).toEqual([finding]);
    expect(finding.lapsed_at).toBeUndefined();
  });
});
