/**
 * Astrology benchmark: a full natal chart (bodies, nodes, angles, houses, aspects, summary) against a bare loop
 * of astronomy-engine GeoVector + Ecliptic for the same ten bodies, measured in the same run on one core, plus
 * the unknown-birth-time mode (24 charts). Run: `bun run bench/astrology.ts`. Last line: one JSON object.
 */
import { Body, Ecliptic, GeoVector, MakeTime } from "astronomy-engine";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { AstrologyConfigSchema } from "../modules/calculation/astrology/schemas.ts";
import { calculateAstrology, calculateNatalChart } from "../modules/calculation/astrology/service.ts";

const BODIES = [Body.Sun, Body.Moon, Body.Mercury, Body.Venus, Body.Mars, Body.Jupiter, Body.Saturn, Body.Uranus, Body.Neptune, Body.Pluto];
const config = AstrologyConfigSchema.parse({});
const START = Date.UTC(1950, 0, 1);
const STEP_MS = 7_919_000; // irregular step so no cache sees the same instant twice
let sink = 0;

function bareLoop(i: number): void {
  const time = MakeTime(new Date(START + i * STEP_MS));
  for (const body of BODIES) sink += Ecliptic(GeoVector(body, time, true)).elon;
}

function fullChart(i: number): void {
  const chart = calculateNatalChart(new Date(START + i * STEP_MS), 48.85, 2.35, config);
  sink += chart.houses.length + chart.aspects.length;
}

/** Operations per second of `run`, best of `rounds` rounds of `n` calls (after a warm-up round). */
function opsPerSecond(run: (i: number) => void, n: number, rounds = 5): number {
  for (let i = 0; i < n; i++) run(i);
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) run(i + r * n);
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
  }
  return best;
}

// Interleave the two measurements so that both see the same machine state.
const bare = opsPerSecond(bareLoop, 2000);
const charts = opsPerSecond(fullChart, 2000);
const bareAgain = opsPerSecond(bareLoop, 2000);
const bareBest = Math.max(bare, bareAgain);
const ratio = bareBest / charts;

const unknownBirth = BirthDataSchema.parse({ date: "1990-07-01", timezone: "Europe/Paris", latitude: 48.85, longitude: 2.35 });
const unknown = opsPerSecond(() => {
  sink += calculateAstrology(unknownBirth, config).insights.length;
}, 50);
const knownBirth = BirthDataSchema.parse({ date: "1990-07-01", time: "14:20", timezone: "Europe/Paris", latitude: 48.85, longitude: 2.35 });
const module = opsPerSecond(() => {
  sink += calculateAstrology(knownBirth, config).insights.length;
}, 1000);

console.log(`bare GeoVector+Ecliptic ×10 bodies: ${bareBest.toFixed(0)} sets/s (${(1e6 / bareBest).toFixed(1)} µs)`);
console.log(`full natal chart:                  ${charts.toFixed(0)} charts/s (${(1e6 / charts).toFixed(1)} µs)`);
console.log(`ratio chart / bare loop:           ${ratio.toFixed(2)}× (target ≤ 2×)`);
console.log(`module calculation with birth time: ${module.toFixed(0)}/s (time-zone resolution + chart + insights)`);
console.log(`unknown-time mode (24 charts):      ${unknown.toFixed(1)}/s (${(1000 / unknown).toFixed(2)} ms, ${(charts / unknown).toFixed(1)}× one chart)`);
if (Number.isNaN(sink)) console.log("unreachable");
console.log(
  JSON.stringify({
    bench: "astrology",
    bare_sets_per_s: Math.round(bareBest),
    charts_per_s: Math.round(charts),
    ratio_chart_to_bare: Number(ratio.toFixed(3)),
    module_per_s: Math.round(module),
    unknown_time_per_s: Number(unknown.toFixed(2)),
    unknown_time_ms: Number((1000 / unknown).toFixed(3)),
  }),
);
