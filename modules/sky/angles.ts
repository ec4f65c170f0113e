/** Angle helpers shared by every sky calculation; all angles in degrees. */

export const DEG = Math.PI / 180;

/** Wraps any angle into [0, 360). */
export function normalizeDegrees(x: number): number {
  const r = x % 360;
  // `r + 360` can round to exactly 360 for tiny negative r, which must still map into the half-open range.
  if (r < 0) {
    const wrapped = r + 360;
    return wrapped >= 360 ? 0 : wrapped;
  }
  return r;
}

/** a − b wrapped into (−180, 180]: the shortest signed arc from b to a. */
export function signedDegreeDifference(a: number, b: number): number {
  const d = normalizeDegrees(a - b);
  return d > 180 ? d - 360 : d;
}

/** Unsigned shortest arc between two longitudes, in [0, 180]. */
export function angularSeparation(a: number, b: number): number {
  return Math.abs(signedDegreeDifference(a, b));
}

export const SIGNS = [
  "aries",
  "taurus",
  "gemini",
  "cancer",
  "leo",
  "virgo",
  "libra",
  "scorpio",
  "sagittarius",
  "capricorn",
  "aquarius",
  "pisces",
] as const;
export type SignName = (typeof SIGNS)[number];

/**
 * The zodiac sign containing an ecliptic longitude (degrees, any range) and the degree within it, in [0, 30).
 * A longitude exactly on a boundary belongs to the sign that starts there.
 */
export function signOf(longitude: number): { sign: SignName; sign_degree: number } {
  const lon = normalizeDegrees(longitude);
  const index = Math.min(11, Math.floor(lon / 30));
  return { sign: SIGNS[index] as SignName, sign_degree: lon - index * 30 };
}

/** Arc from the longitude to the nearest sign boundary, in degrees (0–15). */
export function distanceToSignBoundary(longitude: number): number {
  const within = normalizeDegrees(longitude) % 30;
  return Math.min(within, 30 - within);
}

/** Formats a longitude as `DD°MM′ sign` (truncated to the minute, the way ephemerides print it). */
export function formatLongitude(longitude: number): string {
  const { sign, sign_degree } = signOf(longitude);
  const totalMinutes = Math.floor(sign_degree * 60 + 1e-9);
  const degrees = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return `${degrees}°${String(minutes).padStart(2, "0")}′ ${sign}`;
}
