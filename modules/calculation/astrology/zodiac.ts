import { e_tilt } from "astronomy-engine";
import { skyTime } from "../../sky/ephemeris.ts";

/**
 * Ayanamsa definitions (value of the mean ayanamsa at a reference epoch, TT Julian day):
 * - Lahiri (Chitrapaksha): 23°15′00.658″ on 1956-03-21 0h TT less 16.77″ nutation = 23.245524743°, the
 *   Indian Calendar Reform Committee (1955) definition as adopted by the Indian Astronomical Ephemeris.
 * - Fagan/Bradley: 24°02′31.36″ = 24.042044444° at 1950.0 (JD 2433282.42346), C. Fagan and D. Bradley's
 *   synetic vernal point.
 * The ayanamsa then grows with the IAU 2006 general precession in longitude (Capitaine et al. 2003).
 */
const AYANAMSA_EPOCHS = {
  lahiri: { jdTt: 2435553.5, degrees: 23.245524743 },
  fagan_bradley: { jdTt: 2433282.42346, degrees: 24.042044444 },
} as const;
export type AyanamsaName = keyof typeof AYANAMSA_EPOCHS;

const J2000_JD = 2451545.0;

/** IAU 2006 general precession in longitude since J2000, arcseconds, T in Julian centuries of TT. */
function generalPrecessionArcsec(t: number): number {
  return 5028.796195 * t + 1.1054348 * t * t + 0.00007964 * t * t * t;
}

/**
 * Ayanamsa at a UT instant in degrees, referred to the true equinox of date (mean ayanamsa + nutation in
 * longitude), so that sidereal longitude = tropical apparent longitude − ayanamsa.
 */
export function ayanamsaDegrees(name: AyanamsaName, at: Date): number {
  const time = skyTime(at);
  const epoch = AYANAMSA_EPOCHS[name];
  const t = time.tt / 36525;
  const t0 = (epoch.jdTt - J2000_JD) / 36525;
  const mean = epoch.degrees + (generalPrecessionArcsec(t) - generalPrecessionArcsec(t0)) / 3600;
  return mean + e_tilt(time).dpsi / 3600;
}
