import type { PatternType } from "./schemas.ts";
import { type DayMap, identityDays, permutationPValue, permutedDays, type Window } from "./timeline.ts";
import type { Random } from "../stats/random.ts";

/** One test run for a person, before the correction for the number of tests. */
export interface TestResult {
  pattern_type: PatternType;
  subject: string;
  group: string | null;
  /** What tells apart tests of the same subject (a lag, a grouping, a transit): part of the finding id. */
  variant: string | null;
  statistic: number;
  statistic_name: string;
  effect: number;
  effect_name: string;
  p_value_raw: number;
  test: "permutation" | "fisher_exact";
  data_points: number;
  window: Window;
  evidence: string[];
  /** Whether the effect reaches the configured size; a finding needs this and a small adjusted p-value. */
  large_enough: boolean;
  /** The original's confidence for this pattern (given the adjusted p-value, for formulas that want it). */
  confidence(adjustedP: number): number;
}

/** How a pattern's permutation p-values are drawn: how many rearrangements, days moved together, the seeded source. */
export interface PermutationPlan {
  permutations: number;
  blockDays: number;
  random: Random;
}

/**
 * Permutation p-values for several statistics over one window, sharing the same rearrangements of days: each
 * statistic maps a day arrangement to a value where larger means stronger evidence; p = (1 + #{perm ≥ observed})
 * / (1 + permutations).
 */
export function permutationPValues(
  statistics: readonly ((map: DayMap) => number)[],
  window: Window,
  plan: PermutationPlan,
): number[] {
  const identity = identityDays(window);
  const observed = statistics.map((statistic) => statistic(identity));
  const exceeding = statistics.map(() => 0);
  for (let i = 0; i < plan.permutations; i++) {
    const map = permutedDays(window, plan.blockDays, plan.random);
    statistics.forEach((statistic, k) => {
      // Relative slack: a permuted arrangement equal to the observed one must count as "at least as large".
      if (statistic(map) >= (observed[k] as number) - 1e-9) exceeding[k] = (exceeding[k] as number) + 1;
    });
  }
  return exceeding.map((count) => permutationPValue(count, plan.permutations));
}
