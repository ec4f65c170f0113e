import { describe, expect, test } from "bun:test";
import { baselineFindings } from "../baseline.ts";
import { type Finding, FindingSchema, ObserverConfigSchema, ObserveOutputSchema } from "../schemas.ts";
import { latestTime, observe, observeAll } from "../service.ts";
import { syntheticDataset } from "./datasets.ts";

const config = ObserverConfigSchema.parse({});
const DAY_MS = 86_400_000;

function run(data: ReturnType<typeof syntheticDataset>, user = "person") {
  const at = latestTime(data);
  if (at === null) throw new Error("empty dataset");
  const output = observe(data, user, at, config);
  expect(ObserveOutputSchema.parse(output)).toEqual(output);
  return output;
}

function only(findings: Finding[], pattern: Finding["pattern_type"], subject: string, variant?: string): Finding {
  const found = findings.filter((f) => f.pattern_type === pattern && f.subject === subject && (variant === undefined || f.id.endsWith(`:${variant}`)));
  expect(found).toHaveLength(1);
  return found[0] as Finding;
}

describe("planted relations", () => {
  // 60 days; headache on 90 % of the days after a storm day (Kp 5–7 all day), 5 % otherwise.
  const planted = (seed: number) => syntheticDataset({ seed, storm_rate: 0.2, headache_after_storm: 0.9, headache_rate: 0.05 });
  const kpHeadache = planted(21);

  test("a Kp–headache relation with a one-day lag is found with r > 0.6 and adjusted p < 0.05", () => {
    const output = run(kpHeadache);
    const finding = only(output.findings, "solar_symptom", "headache");
    expect(finding.group).toBe("lag_1d");
    expect(finding.statistic).toBeGreaterThan(0.6);
    expect(finding.p_value).toBeLessThan(0.05);
    expect(finding.p_value).toBeGreaterThanOrEqual(finding.p_value_raw);
    expect(finding.effect).toBeGreaterThan(0.5);
    expect(finding.tests_run).toBe(output.tests.length);
    // Every supporting entry reports a headache the day after a storm.
    const byId = new Map(kpHeadache.journal.map((e) => [e.id, e]));
    expect(finding.evidence.length).toBeGreaterThan(3);
    for (const id of finding.evidence) expect(byId.get(id)?.symptoms).toContain("headache");
    console.log(`planted Kp–headache: r = ${finding.statistic.toFixed(3)}, p = ${finding.p_value_raw} raw, ${finding.p_value.toFixed(4)} adjusted over ${finding.tests_run} tests`);
  });

  test("power: the planted relation is found in at least 18 of 20 seeded datasets", () => {
    let found = 0;
    for (let seed = 100; seed < 120; seed++) {
      const output = run(planted(seed));
      if (output.findings.some((f) => f.subject === "headache" && f.group === "lag_1d")) found++;
    }
    console.log(`planted Kp–headache found in ${found}/20 datasets`);
    expect(found).toBeGreaterThanOrEqual(18);
  }, 60_000);

  test("a full-moon mood drop of 3 points is found in the full quarter", () => {
    const data = syntheticDataset({ seed: 12, full_moon_mood_drop: 3 });
    const finding = only(run(data).findings, "lunar_phase", "mood", "quarter");
    expect(finding.group).toBe("full");
    expect(finding.effect).toBeLessThan(-1.5);
    expect(finding.p_value).toBeLessThan(0.05);
    expect(finding.confidence).toBeCloseTo(Math.min(Math.abs(finding.effect) / 3, 1), 12);
    console.log(`planted full-moon drop: Δ = ${finding.effect.toFixed(2)}, adjusted p = ${finding.p_value.toFixed(4)}`);
  });

  test("a drop confined to ±20° of the full moon (under two days) is found in the full-moon phase", () => {
    const data = syntheticDataset({ seed: 12, full_moon_mood_drop: 3, full_moon_halfwidth_deg: 20 });
    const finding = only(run(data).findings, "lunar_phase", "mood", "phase");
    expect(finding.group).toBe("full_moon");
    expect(finding.effect).toBeLessThan(-1.5);
    expect(finding.p_value).toBeLessThan(0.05);
    console.log(`planted narrow full-moon drop: Δ = ${finding.effect.toFixed(2)}, adjusted p = ${finding.p_value.toFixed(4)}`);
  });

  test("the same input gives the same findings (seeded permutations)", () => {
    expect(run(kpHeadache)).toEqual(run(kpHeadache));
  });

  test("findings carry the §12 fields", () => {
    const finding = only(run(kpHeadache).findings, "solar_symptom", "headache");
    expect(FindingSchema.parse(finding)).toEqual(finding);
    expect(finding.id).toBe("person:solar_symptom:headache:lag_1d");
    expect(finding.detected_at).toBe(latestTime(kpHeadache)?.toISOString() as string);
    expect(Date.parse(finding.window.end) - Date.parse(finding.window.start)).toBeLessThanOrEqual(60 * DAY_MS);
  });
});

describe("gates", () => {
  test("too few entries in the gate window: no solar, lunar or weekday test runs", () => {
    const data = syntheticDataset({ seed: 13, headache_after_storm: 0.9, headache_rate: 0.05 });
    const sparse = { ...data, journal: data.journal.filter((_, i) => i % 7 === 0) };
    expect(run(sparse).tests).toEqual([]);
  });

  test("too little Kp history: solar tests are skipped, the others still run", () => {
    const data = syntheticDataset({ seed: 14 });
    const cut = { ...data, history: { ...data.history, solar: data.history.solar.slice(0, 20) } };
    const patterns = new Set(run(cut).tests.map((t) => t.pattern_type));
    expect(patterns.has("solar_symptom")).toBe(false);
    expect(patterns.has("lunar_phase")).toBe(true);
    expect(patterns.has("day_of_week")).toBe(true);
  });

  test("a person with no entries has no tests", () => {
    const data = syntheticDataset({ seed: 15 });
    expect(observe(data, "someone-else", latestTime(data) as Date, config).tests).toEqual([]);
  });
});

describe("transit themes", () => {
  test("a transit present in most 'work' entries and rare elsewhere is found with Fisher's exact test", () => {
    const data = syntheticDataset({ seed: 16 });
    const journal = data.journal.map((entry, i) => {
      const work = i % 4 === 0;
      const transits = work ? (i % 8 === 0 ? ["saturn square sun"] : ["saturn square sun", "mars trine moon"]) : i % 9 === 0 ? ["saturn square sun"] : ["mars trine moon"];
      const context = { lunar: { phase_angle: 0, phase_name: "new_moon" as const, quarter: "new" as const, moon_sign: "aries" as const }, kp: null, storm: false, transits };
      return { ...entry, text: work ? "Deadline at work." : entry.text, context };
    });
    const findings = run({ ...data, journal }).findings.filter((f) => f.pattern_type === "transit_theme");
    expect(findings.map((f) => [f.subject, f.group])).toEqual([["work", "saturn square sun"]]);
    const finding = findings[0] as Finding;
    expect(finding.test).toBe("fisher_exact");
    expect(finding.statistic).toBe(1);
    expect(finding.confidence).toBe(1);
    expect(finding.evidence).toHaveLength(15);
  });
});

describe("null datasets", () => {
  test("200 people independent of the sky: the share with ≥ 1 finding is ≤ α (Holm, family-wise)", () => {
    let withFinding = 0;
    let originalWithFinding = 0;
    for (let seed = 1000; seed < 1200; seed++) {
      const data = syntheticDataset({ seed, user_id: `p${seed}` });
      const at = latestTime(data) as Date;
      const output = observe(data, `p${seed}`, at, config);
      // Every gated test ran, so the family really is the 16 solar, lunar and weekday tests.
      expect(output.tests.length).toBeGreaterThanOrEqual(14);
      if (output.findings.length > 0) withFinding++;
      if (baselineFindings(data, `p${seed}`, at, config).length > 0) originalWithFinding++;
    }
    console.log(`null datasets: ${withFinding}/200 with a finding; original method ${originalWithFinding}/200`);
    expect(withFinding / 200).toBeLessThanOrEqual(config.alpha);
  }, 300_000);

  test("100 people whose mood and energy carry over from day to day (AR(1), φ = 0.7): still ≤ α, days permuted in blocks", () => {
    let withFinding = 0;
    for (let seed = 2000; seed < 2100; seed++) {
      const data = syntheticDataset({ seed, user_id: `p${seed}`, autocorrelation: 0.7 });
      if (observe(data, `p${seed}`, latestTime(data) as Date, config).findings.length > 0) withFinding++;
    }
    console.log(`autocorrelated null datasets: ${withFinding}/100 with a finding`);
    expect(withFinding / 100).toBeLessThanOrEqual(config.alpha);
  }, 300_000);

  test("uncorrected permutation p-values on the same tests find something far more often (the correction matters)", () => {
    const uncorrected = ObserverConfigSchema.parse({ correction: "none", solar: { min_abs_r: 0 }, lunar: { min_difference: 0 }, day_of_week: { min_difference: 0 } });
    let withFinding = 0;
    for (let seed = 1000; seed < 1060; seed++) {
      const data = syntheticDataset({ seed, user_id: `p${seed}` });
      if (observe(data, `p${seed}`, latestTime(data) as Date, uncorrected).findings.length > 0) withFinding++;
    }
    // 16 tests at 0.05: 1 − 0.95^16 ≈ 0.56 if independent; well above α either way.
    expect(withFinding / 60).toBeGreaterThan(0.2);
  }, 60_000);
});

describe("observeAll", () => {
  test("observes each person in the input on their own", () => {
    const a = syntheticDataset({ seed: 17, user_id: "a", storm_rate: 0.2, headache_after_storm: 0.9, headache_rate: 0.05 });
    const b = syntheticDataset({ seed: 18, user_id: "b" });
    const both = { journal: [...a.journal, ...b.journal], history: a.history };
    const output = observeAll(both, latestTime(both) as Date, config);
    expect(new Set(output.findings.map((f) => f.user_id))).toEqual(new Set(["a"]));
    expect(new Set(output.tests.map((t) => t.pattern_type))).toContain("solar_symptom");
  });
});
