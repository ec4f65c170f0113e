/**
 * Measures the observer's false-positive rate: runs seeded null datasets (60 days of journal, mood, energy and
 * symptoms independent of Kp and of the Moon) through the whole observer and through the original's uncorrected
 * method, and prints the share of people with at least one finding with a 95 % Wilson interval.
 *
 *   bun run scripts/observer-null-rate.ts [--people 1000] [--correction holm|benjamini_hochberg|none] [--first-seed 1]
 */
import { parseArgs } from "node:util";
import { ObserverConfigSchema } from "../modules/intelligence/observer/schemas.ts";
import { measureNullRate, type RateEstimate } from "../modules/intelligence/observer/tests/null-rate.ts";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { people: { type: "string" }, correction: { type: "string" }, "first-seed": { type: "string" } },
});
const people = Number(values.people ?? 1000);
const firstSeed = Number(values["first-seed"] ?? 1);
const config = ObserverConfigSchema.parse({ correction: values.correction ?? "holm" });

function line(label: string, estimate: RateEstimate): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  return `${label}: ${estimate.with_finding} / ${estimate.people} people with ≥ 1 finding = ${pct(estimate.rate)} (95 % CI ${pct(estimate.ci95.low)} – ${pct(estimate.ci95.high)})`;
}

const started = performance.now();
const result = measureNullRate(people, config, firstSeed);
console.log(`null datasets: ${people}, seeds ${firstSeed}…${firstSeed + people - 1}, α = ${config.alpha}, correction ${config.correction}, ${config.permutations}+ permutations`);
console.log(line("observer", result.observer));
console.log(line("original uncorrected method", result.original));
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
