import { wilsonInterval } from "../../stats/proportion.ts";
import { baselineFindings } from "../baseline.ts";
import type { ObserverConfig } from "../schemas.ts";
import { latestTime, observe } from "../service.ts";
import { syntheticDataset } from "./datasets.ts";

export interface RateEstimate {
  people: number;
  with_finding: number;
  rate: number;
  ci95: { low: number; high: number };
}

function estimate(hits: number, people: number): RateEstimate {
  return { people, with_finding: hits, rate: hits / people, ci95: wilsonInterval(hits, people) };
}

/**
 * Runs `people` null datasets (symptoms, mood and energy independent of the sky; seeds firstSeed…) through the
 * observer and through the original's uncorrected method, and gives the share of people with at least one finding.
 */
export function measureNullRate(people: number, config: ObserverConfig, firstSeed = 1): { observer: RateEstimate; original: RateEstimate } {
  let observerHits = 0;
  let originalHits = 0;
  for (let seed = firstSeed; seed < firstSeed + people; seed++) {
    const data = syntheticDataset({ seed, user_id: `null-${seed}` });
    const at = latestTime(data) ?? new Date(0);
    if (observe(data, `null-${seed}`, at, config).findings.length > 0) observerHits++;
    if (baselineFindings(data, `null-${seed}`, at, config).length > 0) originalHits++;
  }
  return { observer: estimate(observerHits, people), original: estimate(originalHits, people) };
}
