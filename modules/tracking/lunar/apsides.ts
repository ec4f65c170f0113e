import { bodyPosition } from "../../sky/ephemeris.ts";
import { findZeroCrossing } from "../../sky/search.ts";

/** IAU 2012 astronomical unit, km. */
export const AU_KM = 149_597_870.7;
const DAY = 86_400_000;
const HALF_HOUR = 1_800_000;

export interface Apsis {
  kind: "perigee" | "apogee";
  time: Date;
  /** Geocentric distance, km. */
  distance_km: number;
}

export function moonDistanceKm(at: Date): number {
  return bodyPosition("moon", at).distance_au * AU_KM;
}

/** Perigees and apogees of the Moon in [from, to): zeros of the geocentric distance rate (±30 min difference). */
export function lunarApsides(from: Date, to: Date, toleranceSeconds: number): Apsis[] {
  const rate = (at: Date) => moonDistanceKm(new Date(at.getTime() + HALF_HOUR)) - moonDistanceKm(new Date(at.getTime() - HALF_HOUR));
  const found: Apsis[] = [];
  let start = from;
  for (;;) {
    const time = findZeroCrossing(rate, start, to, { stepHours: 6, toleranceSeconds });
    if (time === null || time.getTime() >= to.getTime()) break;
    const kind = rate(new Date(time.getTime() + 6 * 3600_000)) > 0 ? "perigee" : "apogee";
    found.push({ kind, time, distance_km: moonDistanceKm(time) });
    start = new Date(time.getTime() + 6 * 3600_000);
  }
  return found;
}

/**
 * Supermoon score at `at`: where the Moon's distance sits between the apogee and perigee distances of the
 * nearest apsides (0 = apogee distance, 1 = perigee distance), after Nolle's "within 90 % of perigee" rule.
 */
export function supermoonScore(at: Date, toleranceSeconds: number): { score: number; perigee: Apsis; apogee: Apsis } {
  const apsides = lunarApsides(new Date(at.getTime() - 16 * DAY), new Date(at.getTime() + 16 * DAY), toleranceSeconds);
  const nearest = (kind: Apsis["kind"]) =>
    apsides
      .filter((a) => a.kind === kind)
      .reduce<Apsis | undefined>((best, a) => (best && Math.abs(best.time.getTime() - at.getTime()) <= Math.abs(a.time.getTime() - at.getTime()) ? best : a), undefined);
  const perigee = nearest("perigee");
  const apogee = nearest("apogee");
  if (!perigee || !apogee) throw new Error(`no lunar apsides around ${at.toISOString()}`);
  const score = (apogee.distance_km - moonDistanceKm(at)) / (apogee.distance_km - perigee.distance_km);
  return { score, perigee, apogee };
}
