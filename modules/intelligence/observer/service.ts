import { adjustPValues } from "../stats/correction.ts";
import { hashSeed, seededRandom } from "../stats/random.ts";
import { dayOfWeekTests, lunarTests } from "./cycles.ts";
import type { Finding, ObserveInput, ObserveOutput, ObserverConfig } from "./schemas.ts";
import { solarTests } from "./solar.ts";
import type { TestResult } from "./test-result.ts";
import { transitTests } from "./transits.ts";
import { analysisWindow } from "./timeline.ts";

/** The latest time in an observer input, or null when it holds no times at all. */
export function latestTime(input: ObserveInput): Date | null {
  const times = [...input.journal, ...input.history.solar, ...input.history.lunar].map((item) => Date.parse(item.time));
  return times.length === 0 ? null : new Date(Math.max(...times));
}

function earliest(items: readonly { time: string }[]): number {
  return items.reduce((min, item) => Math.min(min, Date.parse(item.time)), Number.POSITIVE_INFINITY);
}

/** The tests the observer runs for one person, each pattern type over its own window ending at `at`. */
export function runTests(input: ObserveInput, userId: string, at: Date, config: ObserverConfig): TestResult[] {
  const first = testsWith(config.permutations, input, userId, at, config);
  // With m tests the smallest adjusted permutation p-value is about m / (B + 1); keep it well under α.
  const needed = Math.min(100_000, Math.ceil((config.permutation_headroom * first.length) / config.alpha) - 1);
  return needed > config.permutations ? testsWith(needed, input, userId, at, config) : first;
}

function testsWith(permutations: number, input: ObserveInput, userId: string, at: Date, config: ObserverConfig): TestResult[] {
  const entries = input.journal.filter((entry) => entry.user_id === userId);
  if (entries.length === 0) return [];
  // One random stream per pattern type, so adding a symptom does not change the lunar p-values.
  const plan = (pattern: string) => ({ permutations, blockDays: config.block_days, random: seededRandom(hashSeed(config.seed, `${userId}:${pattern}`)) });
  const end = at.getTime();
  const firstEntry = earliest(entries);
  // Each window starts where both the journal and the history it is compared with have begun.
  const window = (days: number, history: readonly { time: string }[] | null) =>
    analysisWindow(end, days, Math.max(firstEntry, history === null ? firstEntry : earliest(history)));
  return [
    ...solarTests(entries, input.history.solar, window(config.solar.window_days, input.history.solar), config, plan("solar")),
    ...lunarTests(entries, input.history.lunar, window(config.lunar.window_days, input.history.lunar), config, plan("lunar")),
    ...dayOfWeekTests(entries, window(config.day_of_week.window_days, null), config, plan("day_of_week")),
    ...transitTests(entries, window(config.transit.window_days, null), config),
  ];
}

function findingId(userId: string, test: TestResult): string {
  // Keyed by what was tested, not by the group that came out on top, so a recomputation updates the same finding.
  const parts = [userId, test.pattern_type, test.subject, ...(test.variant === null ? [] : [test.variant])];
  return parts.join(":");
}

/**
 * The observer for one person (DESIGN.md §12): every gated test of every pattern type, p-values adjusted
 * together for the number of tests run (`correction`), and a finding for each test whose adjusted p-value is
 * below `alpha` and whose effect reaches the configured size. Pure: the instant is given, randomness is seeded.
 */
export function observe(input: ObserveInput, userId: string, at: Date, config: ObserverConfig): ObserveOutput {
  const tests = runTests(input, userId, at, config);
  const adjusted = adjustPValues(tests.map((t) => t.p_value_raw), config.correction);
  const findings: Finding[] = tests.flatMap((test, i) => {
    const p = adjusted[i] as number;
    if (!(p < config.alpha && test.large_enough)) return [];
    return [
      {
        id: findingId(userId, test),
        user_id: userId,
        pattern_type: test.pattern_type,
        subject: test.subject,
        group: test.group,
        statistic: test.statistic,
        statistic_name: test.statistic_name,
        effect: test.effect,
        effect_name: test.effect_name,
        p_value: p,
        p_value_raw: test.p_value_raw,
        test: test.test,
        correction: config.correction,
        tests_run: tests.length,
        confidence: Math.max(0, Math.min(1, test.confidence(p))),
        data_points: test.data_points,
        window: { start: new Date(test.window.start).toISOString(), end: new Date(test.window.end).toISOString(), days: test.window.days },
        detected_at: at.toISOString(),
        evidence: test.evidence.slice(0, config.max_evidence),
      },
    ];
  });
  return {
    findings,
    tests: tests.map((test, i) => ({
      pattern_type: test.pattern_type,
      subject: test.subject,
      variant: test.variant,
      group: test.group,
      statistic: test.statistic,
      p_value_raw: test.p_value_raw,
      p_value: adjusted[i] as number,
    })),
    at: at.toISOString(),
  };
}

/** Every person in the input (by the entries' `user_id`), each observed on their own. */
export function observeAll(input: ObserveInput, at: Date, config: ObserverConfig): ObserveOutput {
  const users = [...new Set(input.journal.map((entry) => entry.user_id))].sort();
  const runs = users.map((user) => observe(input, user, at, config));
  return { findings: runs.flatMap((run) => run.findings), tests: runs.flatMap((run) => run.tests), at: at.toISOString() };
}
