import { angularSeparation, signOf } from "../../sky/angles.ts";
import { skySnapshot } from "../../sky/ephemeris.ts";
import { AU_KM, supermoonScore } from "./apsides.ts";
import { illumination, nextPhases, phaseAngle, phaseName } from "./phases.ts";
import type { LunarConfig, LunarSnapshot } from "./schemas.ts";
import { vocAt } from "./voc.ts";

/** Mean daily motion of the Moon relative to the Sun, degrees (360° / 29.53 days). */
const MEAN_ELONGATION_PER_DAY = 12.19;

/**
 * The lunar snapshot at `at` (DESIGN.md §4): phase angle and name, illumination, Moon sign and degree, distance,
 * supermoon score, void-of-course period of the current sign, next principal phases strictly after `at`, next
 * ingress. Apparent geocentric ecliptic of date throughout; times UTC ISO.
 */
export function lunarSnapshot(at: Date, config: LunarConfig): LunarSnapshot {
  const sky = skySnapshot(at);
  const moon = sky.bodies.moon;
  const sun = sky.bodies.sun;
  const angle = phaseAngle(moon, sun);
  const phases = nextPhases(at, config.scan_step_hours, config.tolerance_seconds);
  const voc = vocAt(at, config);
  const supermoon = supermoonScore(at, config.tolerance_seconds);
  // A supermoon is a full or new moon; within a day of either (the Moon gains ~12.2° a day on the Sun) counts.
  const nearSyzygy = Math.min(angularSeparation(angle, 0), angularSeparation(angle, 180)) <= MEAN_ELONGATION_PER_DAY;
  return {
    at: at.toISOString(),
    phase_angle: angle,
    phase_name: phaseName(angle),
    waxing: angle < 180,
    illumination: illumination(moon, sun),
    moon: { longitude: moon.longitude, latitude: moon.latitude, ...signOf(moon.longitude) },
    distance_km: moon.distance_au * AU_KM,
    supermoon: {
      score: supermoon.score,
      perigee: { time: supermoon.perigee.time.toISOString(), distance_km: supermoon.perigee.distance_km },
      apogee: { time: supermoon.apogee.time.toISOString(), distance_km: supermoon.apogee.distance_km },
      is_supermoon: nearSyzygy && supermoon.score >= config.supermoon_threshold,
    },
    void_of_course: { active: voc.active, start: voc.period.start, end: voc.period.end, last_aspect: voc.period.last_aspect },
    next_phases: {
      new_moon: phases.new_moon.toISOString(),
      first_quarter: phases.first_quarter.toISOString(),
      full_moon: phases.full_moon.toISOString(),
      last_quarter: phases.last_quarter.toISOString(),
    },
    next_ingress: { sign: voc.nextIngress.sign, time: voc.nextIngress.time },
  };
}
