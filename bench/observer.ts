/**
 * Observer benchmark, in memory (no database): (1) one person with 365 days of journal and history, the whole
 * observer (16 tests with block-permutation p-values, Holm) against the original's uncorrected method on the same
 * data (normal-theory p-values, no permutations) measured in the same run; (2) a scheduled pass over 10 000 people:
 * per person the observer, the finding events against the stored findings and the hypotheses they start, with the
 * journals in memory and one history shared by everyone (as the node's history cache serves a pass). Prints one JSON
 * line `{"bench":"observer", ...}`.
 *
 * The pass's population: `BENCH_OBSERVER_DENSE` (default 0.02) of the people write every day for 90 days; the others
 * wrote a few entries (1–8 in 90 days, below every gate), as most people of a journaling app do. People who write
 * daily cost what the permutation tests cost; their rate is reported apart.
 */
import { ingestFinding } from "../modules/intelligence/hypotheses/service.ts";
import { HypothesisConfigSchema, type Hypothesis } from "../modules/intelligence/hypotheses/schemas.ts";
import type { JournalEntry } from "../modules/intelligence/journal/schemas.ts";
import { baselineFindings } from "../modules/intelligence/observer/baseline.ts";
import { findingEvents } from "../modules/intelligence/observer/events.ts";
import { type Finding, type ObserveInput, ObserverConfigSchema } from "../modules/intelligence/observer/schemas.ts";
import { latestTime, observe } from "../modules/intelligence/observer/service.ts";
import { syntheticDataset } from "../modules/intelligence/observer/tests/datasets.ts";

const config = ObserverConfigSchema.parse({});
const hypothesisConfig = HypothesisConfigSchema.parse({});
const PEOPLE = Number(process.env.BENCH_OBSERVER_PEOPLE ?? 10_000);
const DENSE_SHARE = Number(process.env.BENCH_OBSERVER_DENSE ?? 0.02);
const START = "2026-01-01T00:00:00Z";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time<T>(work: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = work();
  return { ms: performance.now() - t0, value };
}

// (1) One person, 365 days, with a planted Kp–headache relation.
const year = syntheticDataset({ seed: 7, days: 365, start: START, user_id: "year", headache_after_storm: 0.9, headache_rate: 0.05 });
const yearAt = latestTime(year) as Date;
observe(year, "year", yearAt, config); // warm-up (JIT)
const observerRuns = Array.from({ length: 3 }, () => time(() => observe(year, "year", yearAt, config)));
const originalRuns = Array.from({ length: 3 }, () => time(() => baselineFindings(year, "year", yearAt, config)));
const observerMs = median(observerRuns.map((r) => r.ms));
const originalMs = median(originalRuns.map((r) => r.ms));
const yearFindings = observerRuns[0]?.value.findings ?? [];
console.log(
  `one person, 365 days (${year.journal.length} entries, ${year.history.solar.length} Kp readings): observer ${observerMs.toFixed(0)} ms ` +
    `(${observerRuns[0]?.value.tests.length} tests, ${yearFindings.length} findings); original uncorrected method ${originalMs.toFixed(1)} ms; ratio ${(observerMs / originalMs).toFixed(0)}×`,
);

// (2) The scheduled pass: 90 days ending at the pass's instant, one shared sky history.
const sky = syntheticDataset({ seed: 1, days: 90, start: START });
const at = latestTime(sky) as Date;
const dense = Math.round(PEOPLE * DENSE_SHARE);
const journals = new Map<string, JournalEntry[]>();
for (let i = 0; i < PEOPLE; i++) {
  const user = `person-${i}`;
  const entries = syntheticDataset({ seed: 1000 + i, days: 90, start: START, user_id: user }).journal;
  // Sparse writers keep a seeded handful of their entries.
  journals.set(user, i < dense ? entries : entries.filter((_, day) => (day * 7919 + i * 104_729) % 90 < 1 + (i % 8)));
}

function pass(users: readonly string[]): { ms: number; findings: number; hypotheses: number } {
  const storedFindings = new Map<string, Finding[]>();
  const storedHypotheses = new Map<string, Hypothesis[]>();
  let findings = 0;
  let hypotheses = 0;
  const t0 = performance.now();
  for (const user of users) {
    const input: ObserveInput = { journal: journals.get(user) ?? [], history: sky.history };
    const output = observe(input, user, at, config);
    const changes = findingEvents(storedFindings.get(user) ?? [], output.findings, at);
    storedFindings.set(user, output.findings);
    findings += output.findings.length;
    for (const change of changes) {
      const started = ingestFinding(storedHypotheses.get(user) ?? [], change.data, at, hypothesisConfig, `h-${change.data.id}`);
      if (started !== null) {
        storedHypotheses.set(user, [...(storedHypotheses.get(user) ?? []), started.hypothesis]);
        hypotheses += 1;
      }
    }
  }
  return { ms: performance.now() - t0, findings, hypotheses };
}

const everyone = [...journals.keys()];
const all = pass(everyone);
const denseOnly = pass(everyone.slice(0, dense));
const sparseOnly = pass(everyone.slice(dense));
const peoplePerS = PEOPLE / (all.ms / 1000);
console.log(
  `scheduled pass, ${PEOPLE} people in memory (${dense} writing daily for 90 days, the rest 1–8 entries): ${(all.ms / 1000).toFixed(1)} s, ` +
    `${peoplePerS.toFixed(0)} people/s, ${all.findings} findings, ${all.hypotheses} hypotheses started`,
);
console.log(
  `  daily writers alone: ${(dense / (denseOnly.ms / 1000)).toFixed(1)} people/s (${(denseOnly.ms / dense).toFixed(0)} ms each); ` +
    `sparse writers alone: ${((PEOPLE - dense) / (sparseOnly.ms / 1000)).toFixed(0)} people/s`,
);
console.log(
  JSON.stringify({
    bench: "observer",
    storage: "in memory",
    person_365_days_ms: Math.round(observerMs),
    person_365_days_original_ms: Number(originalMs.toFixed(1)),
    person_ratio_to_original: Number((observerMs / originalMs).toFixed(1)),
    people: PEOPLE,
    dense_share: DENSE_SHARE,
    pass_s: Number((all.ms / 1000).toFixed(1)),
    people_per_s: Math.round(peoplePerS),
    daily_writers_per_s: Number((dense / (denseOnly.ms / 1000)).toFixed(1)),
    sparse_writers_per_s: Math.round((PEOPLE - dense) / (sparseOnly.ms / 1000)),
    findings: all.findings,
  }),
);
