import { normalizeDegrees } from "../../../sky/angles.ts";
import type { JournalEntry, KpSample, LunarSample } from "../../journal/schemas.ts";
import { type Random, seededRandom } from "../../stats/random.ts";
import type { ObserveInput } from "../schemas.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Mean synodic motion of the Moon, degrees per day (360° / 29.530589 d): synthetic lunar history needs no ephemeris. */
const SYNODIC_DEG_PER_DAY = 360 / 29.530589;

export interface DatasetOptions {
  seed: number;
  days?: number;
  start?: string;
  user_id?: string;
  /** Probability that a day is a geomagnetic storm day (Kp 5–7 all day). */
  storm_rate?: number;
  /** Headache probability on the day after a storm day; absent, headaches ignore the sky. */
  headache_after_storm?: number;
  /** Headache probability on other days (and every day without a planted relation). */
  headache_rate?: number;
  /** Mood points subtracted when the entry falls within `full_moon_halfwidth_deg` of the full moon. */
  full_moon_mood_drop?: number;
  /** Default 45°: the full-moon quarter. */
  full_moon_halfwidth_deg?: number;
  /** Day-to-day correlation of mood and energy (AR(1)); 0 for independent days. */
  autocorrelation?: number;
  /** Hours between Kp readings (3, NOAA's cadence, by default). */
  kp_step_hours?: number;
}

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function rating(x: number): number {
  return Math.max(1, Math.min(10, Math.round(x)));
}

/**
 * A synthetic person: one entry a day at a random hour, mood and energy around 6, occasional symptoms;
 * Kp every 3 hours with random storm days; lunar phase angles every 6 hours from a random starting phase.
 * Without planted options the person is independent of the sky (a null dataset).
 */
export function syntheticDataset(options: DatasetOptions): ObserveInput {
  const random = seededRandom(options.seed);
  const days = options.days ?? 60;
  const start = Date.parse(options.start ?? "2026-01-01T00:00:00Z");
  const user = options.user_id ?? "person";
  const stormRate = options.storm_rate ?? 0.12;
  const storm = Array.from({ length: days }, () => random.next() < stormRate);
  const solar: KpSample[] = [];
  for (let d = 0; d < days; d++) {
    for (let h = 0; h < 24; h += options.kp_step_hours ?? 3) {
      const kp = storm[d] ? 5 + random.int(3) : Math.min(4, Math.max(0, Math.round(2 + normal(random))));
      solar.push({ time: new Date(start + d * DAY_MS + h * HOUR_MS).toISOString(), kp });
    }
  }
  const phase0 = random.next() * 360;
  const phaseAt = (t: number) => normalizeDegrees(phase0 + ((t - start) / DAY_MS) * SYNODIC_DEG_PER_DAY);
  const lunar: LunarSample[] = [];
  for (let t = start; t < start + days * DAY_MS; t += 6 * HOUR_MS) lunar.push({ time: new Date(t).toISOString(), phase_angle: phaseAt(t) });

  const journal: JournalEntry[] = [];
  const phi = options.autocorrelation ?? 0;
  // AR(1) innovations scaled so that the marginal spread stays 1.5 points at any φ.
  let moodNoise = 0;
  let energyNoise = 0;
  for (let d = 0; d < days; d++) {
    const t = start + d * DAY_MS + (8 + random.int(14)) * HOUR_MS + random.int(60) * 60_000;
    const afterStorm = d > 0 && storm[d - 1] === true;
    const headacheP = options.headache_after_storm !== undefined && afterStorm ? options.headache_after_storm : (options.headache_rate ?? 0.1);
    const symptoms: string[] = [];
    if (random.next() < headacheP) symptoms.push("headache");
    for (const symptom of ["anxiety", "fatigue", "insomnia", "irritability"]) if (random.next() < 0.1) symptoms.push(symptom);
    const nearFull = Math.abs(phaseAt(t) - 180) < (options.full_moon_halfwidth_deg ?? 45);
    const drop = options.full_moon_mood_drop !== undefined && nearFull ? options.full_moon_mood_drop : 0;
    // Drawn here, after the day's other draws, so a dataset without autocorrelation is the same for a seed as ever.
    moodNoise = phi * moodNoise + Math.sqrt(1 - phi * phi) * normal(random);
    energyNoise = phi * energyNoise + Math.sqrt(1 - phi * phi) * normal(random);
    journal.push({
      id: `${user}-${d}`,
      user_id: user,
      time: new Date(t).toISOString(),
      text: symptoms.length > 0 ? `Felt ${symptoms.join(" and ")} today.` : "An ordinary day.",
      mood: rating(6 + 1.5 * moodNoise - drop),
      energy: rating(6 + 1.5 * energyNoise),
      symptoms,
    });
  }
  return { journal, history: { solar, lunar } };
}
