import { DeltaT_EspenakMeeus, SetDeltaTFunction } from "astronomy-engine";

/**
 * ΔT = TT − UT1 in seconds, as observed on 1 January of each year 2000–2025.
 * Source: IERS Earth Orientation / USNO "deltat.data" series (TT − UT1 = 32.184 s + (TAI − UTC) − (UT1 − UTC)).
 */
const OBSERVED_FIRST_YEAR = 2000;
const OBSERVED_DELTA_T = [
  63.83, 64.09, 64.3, 64.47, 64.57, 64.69, 64.85, 65.15, 65.46, 65.78, 66.07, 66.32, 66.6, 66.91, 67.28, 67.64, 68.1,
  68.59, 68.97, 69.22, 69.36, 69.36, 69.29, 69.2, 69.17, 69.14,
] as const;
const OBSERVED_LAST_YEAR = OBSERVED_FIRST_YEAR + OBSERVED_DELTA_T.length - 1;

/** Years over which the extrapolation blends from the last observed value into the long-term polynomial. */
const BLEND_YEARS = 100;

/**
 * Long-term extrapolation after the observed series: the cubic in (year − 2000) that Swiss Ephemeris 2.x fits
 * to the data of Stephenson, Morrison & Hohenkerk (2016, Proc. R. Soc. A 472: 20160404, with the 2020 update
 * at astro.ukho.gov.uk/nao/lvm/). Using the same extrapolation keeps future charts comparable with the
 * Swiss Ephemeris reference values.
 */
function extrapolatedDeltaT(year: number): number {
  const b = year - 2000;
  return 64 + (521 / 3000) * b + b * b / 1250 + (121 / 30_000_000) * b * b * b;
}

const J2000_YEAR_START_UT_DAYS = -0.5; // 2000-01-01T00:00Z in days from J2000.0 (noon)
const DAYS_PER_JULIAN_YEAR = 365.25;

/** Decimal year (2000.0 = 2000-01-01T00:00 UT) of a UT day count from J2000.0. */
function yearOfUt(ut: number): number {
  return 2000 + (ut - J2000_YEAR_START_UT_DAYS) / DAYS_PER_JULIAN_YEAR;
}

/**
 * ΔT (TT − UT) in seconds for a UT instant given in days since J2000.0.
 * - before 2000: Espenak & Meeus (2006) polynomials (NASA eclipse pages, "Polynomial expressions for ΔT"),
 *   which fit the observed series within about 1 s from 1800 to 2000;
 * - 2000–2025: linear interpolation in the observed yearly values above (errors below 0.1 s);
 * - after 2025: the long-term cubic, blended linearly over a century from the last observed value so that
 *   ΔT stays continuous. The Espenak & Meeus 2005–2050 polynomial is not used: it gives 74 s in 2025
 *   against an observed 69 s, and the Moon moves 0.55″ per second of ΔT.
 */
export function deltaTSeconds(ut: number): number {
  const year = yearOfUt(ut);
  if (year < OBSERVED_FIRST_YEAR) return DeltaT_EspenakMeeus(ut);
  if (year <= OBSERVED_LAST_YEAR) {
    const index = Math.min(Math.floor(year - OBSERVED_FIRST_YEAR), OBSERVED_DELTA_T.length - 2);
    const fraction = year - OBSERVED_FIRST_YEAR - index;
    const before = OBSERVED_DELTA_T[index] ?? 0;
    const after = OBSERVED_DELTA_T[index + 1] ?? before;
    return before + (after - before) * fraction;
  }
  const lastObserved = OBSERVED_DELTA_T[OBSERVED_DELTA_T.length - 1] ?? 0;
  const model = extrapolatedDeltaT(year);
  const sinceObserved = year - OBSERVED_LAST_YEAR;
  if (sinceObserved >= BLEND_YEARS) return model;
  const gapAtLastObservation = extrapolatedDeltaT(OBSERVED_LAST_YEAR) - lastObserved;
  return model - gapAtLastObservation * (1 - sinceObserved / BLEND_YEARS);
}

let installed = false;

/** Makes astronomy-engine use {@link deltaTSeconds} for every UT → TT conversion (idempotent, process-wide). */
export function installDeltaTModel(): void {
  if (installed) return;
  SetDeltaTFunction(deltaTSeconds);
  installed = true;
}
