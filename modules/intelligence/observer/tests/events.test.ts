import { describe, expect, test } from "bun:test";
import { findingEvents } from "../events.ts";
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

describe("findingEvents", () => {
  test("a new finding is detected, a changed one updated, an unchanged one silent", () => {
    expect(findingEvents([], [finding])).toEqual([{ type: "observer.finding.detected", subject: "u1", data: finding }]);
    const changed = { ...finding, effect: -2.4, statistic: 2.4, detected_at: "2026-03-02T00:00:00.000Z" };
    expect(findingEvents([finding], [changed]).map((e) => e.type)).toEqual(["observer.finding.updated"]);
    expect(findingEvents([finding], [{ ...finding, detected_at: "2026-03-02T00:00:00.000Z" }])).toEqual([]);
  });
});
