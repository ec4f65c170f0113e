import { signedDegreeDifference } from "../../sky/angles.ts";
import type { BodyName } from "../../sky/bodies.ts";
import { bodyPosition, skySnapshot } from "../../sky/ephemeris.ts";
import { findZeroCrossing } from "../../sky/search.ts";
import { nearestAspect } from "../transits/aspects.ts";
import { signIngresses } from "../transits/ingresses.ts";
import type { Ingress } from "../transits/schemas.ts";
import type { LunarConfig, VocAspect, VocPeriod } from "./schemas.ts";

const DAY = 86_400_000;
const VOC_BODIES: Record<LunarConfig["voc_bodies"], BodyName[]> = {
  sun_to_pluto: ["sun", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"],
  sun_to_saturn: ["sun", "mercury", "venus", "mars", "jupiter", "saturn"],
};

/** Moon − body difference scaled by 12: zero at every multiple of 30°; Ptolemaic ones are filtered after. */
function scaledSeparation(moon: number, body: number): number {
  return signedDegreeDifference(12 * (moon - body), 0);
}

/**
 * Exact Ptolemaic aspects (0/60/90/120/180°, either side) of the Moon to the given bodies in [from, to), on the
 * apparent ecliptic longitude of date, sorted by time. One sky snapshot per scan step serves every body; each
 * bracket is then bisected on the two longitudes.
 */
export function moonAspects(from: Date, to: Date, bodies: readonly BodyName[], config: LunarConfig): VocAspect[] {
  const stepMs = config.scan_step_hours * 3600_000;
  const found: VocAspect[] = [];
  let previousMs = from.getTime();
  let previousSky = skySnapshot(from);
  while (previousMs < to.getTime()) {
    const nextMs = Math.min(previousMs + stepMs, to.getTime());
    const nextSky = skySnapshot(new Date(nextMs));
    for (const body of bodies) {
      const a = scaledSeparation(previousSky.bodies.moon.longitude, previousSky.bodies[body].longitude);
      const b = scaledSeparation(nextSky.bodies.moon.longitude, nextSky.bodies[body].longitude);
      if (Math.sign(a) === Math.sign(b) || Math.abs(a - b) >= 180) continue;
      const f = (at: Date) => scaledSeparation(bodyPosition("moon", at).longitude, bodyPosition(body, at).longitude);
      const time = findZeroCrossing(f, new Date(previousMs), new Date(nextMs), {
        stepHours: config.scan_step_hours,
        toleranceSeconds: config.tolerance_seconds,
      });
      if (time === null) continue;
      const { aspect, offset } = nearestAspect(signedDegreeDifference(bodyPosition("moon", time).longitude, bodyPosition(body, time).longitude));
      // Multiples of 30° that are not Ptolemaic (semi-sextile, quincunx) leave an offset of 30°.
      if (Math.abs(offset) > 1) continue;
      found.push({ aspect, body, time: time.toISOString() });
    }
    previousMs = nextMs;
    previousSky = nextSky;
  }
  return found.sort((x, y) => Date.parse(x.time) - Date.parse(y.time));
}

/** Moon sign ingresses in [from, to). */
export function moonIngresses(from: Date, to: Date, config: LunarConfig): Ingress[] {
  return signIngresses("moon", from, to, config.scan_step_hours, config.tolerance_seconds);
}

/** The void-of-course period of the sign the Moon occupies between two consecutive ingresses. */
export function vocBetween(entered: Ingress, left: Ingress, config: LunarConfig): VocPeriod {
  const aspects = moonAspects(new Date(entered.time), new Date(left.time), VOC_BODIES[config.voc_bodies], config);
  const last = aspects[aspects.length - 1] ?? null;
  return { start: last?.time ?? entered.time, end: left.time, sign: entered.sign, last_aspect: last };
}

/**
 * Void-of-course periods ending in (from, to]: each runs from the Moon's last exact Ptolemaic aspect to the
 * configured bodies in a sign (or from its entry into the sign when there is none) to its next ingress
 * (tracking-notes §3). Sorted by start.
 */
export function vocPeriods(from: Date, to: Date, config: LunarConfig): VocPeriod[] {
  // A sign lasts at most ~2.7 days, so starting 3 days early always finds the ingress that opens the first one.
  const ingresses = moonIngresses(new Date(from.getTime() - 3 * DAY), to, config);
  const periods: VocPeriod[] = [];
  for (let i = 0; i + 1 < ingresses.length; i++) {
    const entered = ingresses[i];
    const left = ingresses[i + 1];
    if (!entered || !left || Date.parse(left.time) <= from.getTime()) continue;
    periods.push(vocBetween(entered, left, config));
  }
  return periods;
}

/** The void-of-course period of the sign the Moon is in at `at` (active or still to come) and the next ingress. */
export function vocAt(at: Date, config: LunarConfig): { period: VocPeriod; active: boolean; nextIngress: Ingress } {
  const ingresses = moonIngresses(new Date(at.getTime() - 3 * DAY), new Date(at.getTime() + 3 * DAY), config);
  const nextIndex = ingresses.findIndex((i) => Date.parse(i.time) > at.getTime());
  const next = ingresses[nextIndex];
  const previous = ingresses[nextIndex - 1];
  if (!next || !previous) throw new Error(`no Moon ingress around ${at.toISOString()}`);
  const period = vocBetween(previous, next, config);
  const active = Date.parse(period.start) <= at.getTime() && at.getTime() < Date.parse(period.end);
  return { period, active, nextIngress: next };
}
