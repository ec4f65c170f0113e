/**
 * Transit tick benchmark: positions and the exact-time grid once, then aspects and exact-transit searches for
 * each of N synthetic users (deterministic natal charts), for N = 1 000 and 10 000. Prints users/s, the growth
 * ratio of the per-user cost, and one JSON line `{"bench":"transits", ...}`.
 */
import { TransitsConfigSchema } from "../modules/tracking/transits/schemas.ts";
import { prepareTransitTick, userTransits } from "../modules/tracking/transits/service.ts";

const NATAL_POINTS = ["sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto", "true_node", "ascendant", "midheaven"];

/** Small deterministic generator so every run measures the same charts. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function syntheticUsers(count: number, seed: number): Record<string, number>[] {
  const next = generator(seed);
  return Array.from({ length: count }, () => Object.fromEntries(NATAL_POINTS.map((name) => [name, next() * 360])));
}

const config = TransitsConfigSchema.parse({});
const at = new Date("2026-01-01T00:00:00Z");

function run(count: number): { users: number; prepare_ms: number; users_ms: number; total_ms: number; users_per_s: number; exact: number; aspects: number } {
  const users = syntheticUsers(count, 42);
  const t0 = performance.now();
  const tick = prepareTransitTick(at, config);
  const t1 = performance.now();
  let exact = 0;
  let aspects = 0;
  for (const natal of users) {
    const result = userTransits(tick, natal, config);
    exact += result.exact.length;
    aspects += result.aspects.length;
  }
  const t2 = performance.now();
  return {
    users: count,
    prepare_ms: t1 - t0,
    users_ms: t2 - t1,
    total_ms: t2 - t0,
    users_per_s: count / ((t2 - t0) / 1000),
    exact,
    aspects,
  };
}

run(2_000); // warm-up: without it the first run also pays for JIT compilation and looks slower per user
const small = run(1_000);
const large = run(10_000);
const growth = large.total_ms / small.total_ms;
for (const r of [small, large]) {
  console.log(
    `${r.users} users: tick ${r.total_ms.toFixed(0)} ms (positions+grid ${r.prepare_ms.toFixed(0)} ms, users ${r.users_ms.toFixed(0)} ms), ` +
      `${r.users_per_s.toFixed(0)} users/s, ${r.aspects} aspects, ${r.exact} exact transits`,
  );
}
console.log(`growth 1 000 → 10 000 users: ×${growth.toFixed(2)} (linear = ×10)`);
console.log(
  JSON.stringify({
    bench: "transits",
    exact_days: config.exact_days,
    grid_step_hours: config.grid_step_hours,
    users_1k_ms: Math.round(small.total_ms),
    users_10k_ms: Math.round(large.total_ms),
    users_per_s_1k: Math.round(small.users_per_s),
    users_per_s_10k: Math.round(large.users_per_s),
    prepare_ms: Math.round(large.prepare_ms),
    growth_ratio: Number(growth.toFixed(2)),
  }),
);
