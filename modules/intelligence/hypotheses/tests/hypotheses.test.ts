import { describe, expect, test } from "bun:test";
import type { Finding } from "../../observer/schemas.ts";
import { effectiveWeight, ledgerConfidence, ledgerStatus } from "../confidence.ts";
import { type Evidence, HypothesisConfigSchema, HypothesisEventSchema, HypothesisSchema } from "../schemas.ts";
import { addEvidence, applyFeedback, evidenceOf, ingestFinding, refreshHypothesis } from "../service.ts";

const config = HypothesisConfigSchema.parse({});
const NOW = new Date("2026-06-01T00:00:00.000Z");
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const item = (kind: Evidence["kind"], days: number): Evidence => evidenceOf(kind, daysAgo(days), "test", config);

// Worked vectors: confidence = 1 / (1 + e^(−5 · (0.20 + 0.12 · Σw − 0.5))), each w worked out from the formula by hand.
describe("ledger confidence, worked by hand", () => {
  test("no evidence: the prior, 0.20", () => {
    expect(ledgerConfidence([], NOW, config)).toBe(0.2);
  });

  test("one observer pattern today: Σw = 0.55, x = 5 · (0.266 − 0.5) = −1.17, confidence = 1/(1 + e^1.17) = 0.236855", () => {
    expect(ledgerConfidence([item("observer_pattern", 0)], NOW, config)).toBeCloseTo(0.236855, 6);
  });

  test("decay and position: a 30-day-old pattern (recency ½) then a confirmation (position 1/1.1): Σw = 0.275 + 0.909091, confidence 0.312266", () => {
    const ledger = [item("user_confirmation", 0), item("observer_pattern", 30)];
    expect(effectiveWeight(ledger[1] as Evidence, 0, NOW, config)).toBeCloseTo(0.275, 12);
    expect(effectiveWeight(ledger[0] as Evidence, 1, NOW, config)).toBeCloseTo(1 / 1.1, 12);
    // Order of the ledger array does not matter: positions follow time.
    expect(ledgerConfidence(ledger, NOW, config)).toBeCloseTo(0.312266, 6);
  });

  test("recency floor: 200 days old counts 0.10 of its weight (2^(−200/30) = 0.0098 is below the floor): confidence 0.187399", () => {
    expect(ledgerConfidence([item("observer_pattern", 200)], NOW, config)).toBeCloseTo(0.187399, 6);
  });

  test("a contradiction counts double: pattern then rejection, Σw = 0.55 − 2 · 1.5 / 1.1 = −2.177273, confidence 0.056981", () => {
    const ledger = [item("observer_pattern", 0), item("user_rejection", 0)];
    const confidence = ledgerConfidence(ledger, NOW, config);
    expect(confidence).toBeCloseTo(0.056981, 6);
    expect(ledgerStatus(ledger, confidence, NOW, config)).toBe("rejected");
  });

  test("a contradiction does not decay: a mismatch 90 days old (position 0) weighs −2 · 0.5 = −1, a pattern today 0.55 / 1.1: confidence 0.141851", () => {
    const ledger = [item("observer_pattern", 0), item("mismatch", 90)];
    expect(effectiveWeight(ledger[1] as Evidence, 0, NOW, config)).toBeCloseTo(-1, 12);
    expect(ledgerConfidence(ledger, NOW, config)).toBeCloseTo(0.141851, 6);
    expect(ledgerStatus(ledger, 0.141851, NOW, config)).toBe("rejected");
  });

  test("confirmed at ≥ 0.85: a pattern and seven confirmations today, Σw = 0.55 + Σ 1/(1 + 0.1 i) for i = 1…7 = 5.655843, confidence 0.869155", () => {
    const ledger = [item("observer_pattern", 0), ...Array.from({ length: 7 }, () => item("user_confirmation", 0))];
    const confidence = ledgerConfidence(ledger, NOW, config);
    expect(confidence).toBeCloseTo(0.869155, 6);
    expect(ledgerStatus(ledger, confidence, NOW, config)).toBe("confirmed");
  });
});

describe("status thresholds", () => {
  const support = [item("observer_pattern", 0)];
  test("testing at ≥ 0.60, forming below; rejected needs a contradiction", () => {
    expect(ledgerStatus(support, 0.6, NOW, config)).toBe("testing");
    expect(ledgerStatus(support, 0.59, NOW, config)).toBe("forming");
    expect(ledgerStatus(support, 0.1, NOW, config)).toBe("forming");
  });
  test("stale after 60 days without evidence; a rejection stays rejected", () => {
    expect(ledgerStatus([item("observer_pattern", 61)], 0.7, NOW, config)).toBe("stale");
    expect(ledgerStatus([item("observer_pattern", 59)], 0.7, NOW, config)).toBe("testing");
    expect(ledgerStatus([item("user_rejection", 61)], 0.05, NOW, config)).toBe("rejected");
  });
});

const finding: Finding = {
  id: "u1:solar_symptom:headache",
  user_id: "u1",
  pattern_type: "solar_symptom",
  subject: "headache",
  group: "lag_1d",
  statistic: 0.8,
  statistic_name: "pearson_r",
  effect: 0.8,
  effect_name: "symptom_rate_difference",
  p_value: 0.014,
  p_value_raw: 0.001,
  test: "permutation",
  correction: "holm",
  tests_run: 14,
  confidence: 0.76,
  data_points: 60,
  window: { start: "2026-04-01T00:00:00.000Z", end: "2026-05-31T00:00:00.000Z", days: 60 },
  detected_at: NOW.toISOString(),
  evidence: ["e1"],
};

describe("lifecycle", () => {
  test("a finding at ≥ 0.7 confidence starts a hypothesis of the mapped type, with a created event", () => {
    const change = ingestFinding([], finding, NOW, config, "h1");
    expect(change).not.toBeNull();
    const { hypothesis, events } = change as NonNullable<typeof change>;
    expect(HypothesisSchema.parse(hypothesis)).toEqual(hypothesis);
    expect(hypothesis).toMatchObject({ id: "h1", type: "cosmic_sensitivity", status: "forming", finding_id: finding.id });
    expect(hypothesis.confidence).toBeCloseTo(0.236855, 6);
    expect(hypothesis.claim).toBe("headache is more frequent 1 day(s) after days of high geomagnetic activity (Kp)");
    expect(events.map((e) => HypothesisEventSchema.parse(e).type)).toEqual(["hypothesis.created"]);
    expect(events[0]?.subject).toBe("u1");
  });

  test("a finding below the start confidence starts nothing", () => {
    expect(ingestFinding([], { ...finding, confidence: 0.69 }, NOW, config, "h1")).toBeNull();
  });

  test("the same finding again adds nothing; a later detection adds observer evidence to the same hypothesis", () => {
    const created = ingestFinding([], finding, NOW, config, "h1")?.hypothesis;
    if (created === undefined) throw new Error("expected a hypothesis");
    expect(ingestFinding([created], finding, NOW, config, "h2")).toEqual({ hypothesis: created, events: [] });
    const later = new Date(NOW.getTime() + DAY_MS);
    const change = ingestFinding([created], { ...finding, detected_at: later.toISOString() }, later, config, "h2");
    expect(change?.hypothesis.id).toBe("h1");
    expect(change?.hypothesis.evidence).toHaveLength(2);
    expect(change?.events.map((e) => e.type)).toEqual(["hypothesis.updated"]);
  });

  test("confirm feedback raises confidence; reject feedback rejects, emitting the status change", () => {
    const created = ingestFinding([], finding, NOW, config, "h1")?.hypothesis;
    if (created === undefined) throw new Error("expected a hypothesis");
    const confirmed = applyFeedback(created, "confirm", NOW, config);
    expect(confirmed.hypothesis.confidence).toBeGreaterThan(created.confidence);
    expect(confirmed.hypothesis.evidence.at(-1)).toMatchObject({ kind: "user_confirmation", weight: 1, source: "feedback" });
    const rejected = applyFeedback(created, "reject", NOW, config);
    expect(rejected.hypothesis.status).toBe("rejected");
    expect(rejected.events.map((e) => e.type)).toEqual(["hypothesis.updated", "hypothesis.status.changed"]);
    expect(rejected.events[1]?.data).toMatchObject({ previous_status: "forming", status: "rejected" });
  });

  test("refreshing 61 days later makes it stale; refreshing at once changes nothing", () => {
    const created = ingestFinding([], finding, NOW, config, "h1")?.hypothesis;
    if (created === undefined) throw new Error("expected a hypothesis");
    expect(refreshHypothesis(created, NOW, config)).toEqual({ hypothesis: created, events: [] });
    const later = new Date(NOW.getTime() + 61 * DAY_MS);
    const stale = refreshHypothesis(created, later, config);
    expect(stale.hypothesis.status).toBe("stale");
    expect(stale.events.map((e) => e.type)).toEqual(["hypothesis.status.changed"]);
    // Evidence from the person revives it.
    expect(addEvidence(stale.hypothesis, evidenceOf("symptom_report", later, "e9", config), later, config).hypothesis.status).toBe("forming");
  });
});
