/**
 * Human Design benchmark: a full bodygraph through the module (birth data → design moment, 26 activations,
 * classification) against a bare astronomy-engine loop doing the same astronomy: 13 positions at birth and 13 at
 * the design moment (10 bodies by GeoVector + Ecliptic, the true node from the Moon's state vector, Earth and
 * south node by opposition) plus one SearchSunLongitude for the design moment. Both run in the same process on
 * the same instants, alternating rounds so that drift in machine load hits both alike.
 *
 * Run: bun run bench/human_design.ts   (one core; ends with one JSON line)
 */
import { Body, Ecliptic, GeoMoonState, GeoVector, MakeTime, Rotation_EQJ_ECT, RotateVector, SearchSunLongitude, Vector } from "astronomy-engine";
import { BirthDataSchema, type BirthData } from "../modules/birth-data.ts";
import { humanDesignModule } from "../modules/calculation/human_design/module.ts";
import { configDefaults } from "../modules/contract.ts";

const BODIES: readonly Body[] = [
  Body.Sun, Body.Moon, Body.Mercury, Body.Venus, Body.Mars, Body.Jupiter, Body.Saturn, Body.Uranus, Body.Neptune, Body.Pluto,
];
const CHARTS_PER_ROUND = 200;
const ROUNDS = 5;

/** Instants spread over 1950–2030 with a fixed step, so every run measures the same work. */
const instants: Date[] = Array.from({ length: CHARTS_PER_ROUND }, (_, index) => new Date(Date.UTC(1950, 0, 1) + index * 146.1 * 86_400_000 + index * 3_600_000));
const births: BirthData[] = instants.map((at) => {
  const iso = at.toISOString();
  return BirthDataSchema.parse({ date: iso.slice(0, 10), time: iso.slice(11, 19), utc_offset: "+00:00", latitude: 0, longitude: 0 });
});
const config = configDefaults(humanDesignModule);

function positionsAt(date: Date): number {
  const time = MakeTime(date);
  let checksum = 0;
  for (const body of BODIES) {
    const longitude = Ecliptic(GeoVector(body, time, true)).elon;
    checksum += longitude;
    // Earth, the 13th point of a side, is the Sun's opposite.
    if (body === Body.Sun) checksum += (longitude + 180) % 360;
  }
  // True node: ascending node of the Moon's osculating orbit, h = r × v in the ecliptic of date.
  const moon = GeoMoonState(time);
  const rotation = Rotation_EQJ_ECT(time);
  const r = RotateVector(rotation, new Vector(moon.x, moon.y, moon.z, time));
  const v = RotateVector(rotation, new Vector(moon.vx, moon.vy, moon.vz, time));
  const hx = r.y * v.z - r.z * v.y;
  const hy = r.z * v.x - r.x * v.z;
  const node = (Math.atan2(hx, -hy) * 180) / Math.PI;
  return checksum + node + ((node + 180) % 360);
}

function bareChart(birth: Date): number {
  const sunAtBirth = Ecliptic(GeoVector(Body.Sun, MakeTime(birth), true)).elon;
  const designTarget = (sunAtBirth - 88 + 360) % 360;
  const design = SearchSunLongitude(designTarget, MakeTime(new Date(birth.getTime() - 92 * 86_400_000)), 10);
  if (design === null) throw new Error("no design moment");
  return positionsAt(birth) + positionsAt(design.date);
}

function timeRound(work: () => number): { seconds: number; checksum: number } {
  const start = performance.now();
  const checksum = work();
  return { seconds: (performance.now() - start) / 1000, checksum };
}

const runBare = (): number => instants.reduce((sum, at) => sum + bareChart(at), 0);
const runModule = (): number =>
  births.reduce((sum, birth) => sum + humanDesignModule.calculate(birth, config, { now: new Date(0) }).data.personality.length, 0);

// Warm up both paths so the JIT has compiled them before timing.
runBare();
runModule();

let bareSeconds = 0;
let moduleSeconds = 0;
let checksum = 0;
for (let round = 0; round < ROUNDS; round++) {
  const bare = timeRound(runBare);
  const full = timeRound(runModule);
  bareSeconds += bare.seconds;
  moduleSeconds += full.seconds;
  checksum += bare.checksum + full.checksum;
}

const charts = CHARTS_PER_ROUND * ROUNDS;
const bodygraphsPerSecond = charts / moduleSeconds;
const bareChartsPerSecond = charts / bareSeconds;
const ratio = moduleSeconds / bareSeconds;
console.log(`charts timed:            ${charts} (${ROUNDS} rounds of ${CHARTS_PER_ROUND}, alternating)`);
console.log(`full bodygraph:          ${(1000 / bodygraphsPerSecond).toFixed(3)} ms  (${bodygraphsPerSecond.toFixed(0)} bodygraphs/s on one core)`);
console.log(`bare astronomy-engine:   ${(1000 / bareChartsPerSecond).toFixed(3)} ms  (26 positions + SearchSunLongitude)`);
console.log(`ratio full / bare:       ${ratio.toFixed(2)}×  (budget 3×)`);
console.log(
  JSON.stringify({
    bench: "human_design",
    bodygraphs_per_second: Number(bodygraphsPerSecond.toFixed(1)),
    bare_charts_per_second: Number(bareChartsPerSecond.toFixed(1)),
    ms_per_bodygraph: Number((1000 / bodygraphsPerSecond).toFixed(3)),
    ms_per_bare_chart: Number((1000 / bareChartsPerSecond).toFixed(3)),
    ratio: Number(ratio.toFixed(3)),
    budget_ratio: 3,
    within_budget: ratio <= 3,
    charts,
    checksum_finite: Number.isFinite(checksum),
  }),
);
