import { auroraVisibility } from "./aurora.ts";
import { gScale, kpStormLevel, latestAt } from "./kp.ts";
import type { Location, SolarConfig, SolarReadings, SolarSnapshot } from "./schemas.ts";
import { bzOrientation } from "./wind.ts";
import { flaresInWindow, rScale } from "./xray.ts";

type StormLevel = SolarSnapshot["storm_potential"]["level"];
const ORDER: StormLevel[] = ["unknown", "low", "moderate", "high"];

/**
 * Storm potential from the current Kp, IMF Bz and solar-wind speed/density against the configured thresholds.
 * Each crossed threshold adds a reason; the level is the highest one reached. Missing inputs add nothing;
 * with no input at all the level is `unknown`, neither an invented alarm nor an invented all-clear.
 */
export function stormPotential(
  inputs: { kp: number | null; bz: number | null; speed: number | null; density: number | null },
  thresholds: SolarConfig["storm"],
): SolarSnapshot["storm_potential"] {
  const { kp, bz, speed, density } = inputs;
  if (kp === null && bz === null && speed === null && density === null) return { level: "unknown", reasons: [] };
  const reasons: string[] = [];
  let level: StormLevel = "low";
  const raise = (to: StormLevel, reason: string) => {
    reasons.push(reason);
    if (ORDER.indexOf(to) > ORDER.indexOf(level)) level = to;
  };
  if (kp !== null && kp >= thresholds.kp_high) raise("high", `Kp ${kp} at storm level`);
  else if (kp !== null && kp >= thresholds.kp_moderate) raise("moderate", `Kp ${kp} active`);
  if (bz !== null && bz <= thresholds.bz_high_nt) raise("high", `Bz ${bz} nT strongly southward`);
  else if (bz !== null && bz <= thresholds.bz_moderate_nt) raise("moderate", `Bz ${bz} nT southward`);
  if (speed !== null && speed >= thresholds.speed_high_kms) raise("high", `solar wind ${speed} km/s`);
  else if (speed !== null && speed >= thresholds.speed_moderate_kms) raise("moderate", `solar wind ${speed} km/s`);
  if (density !== null && density >= thresholds.density_high_cm3) raise("moderate", `density ${density} cm⁻³`);
  return { level, reasons };
}

/**
 * The solar snapshot at `at` from parsed readings: Kp storm level and G-scale (1-minute feed, falling back to
 * the 3-hour product), flares of class C+ in the configured window, Bz orientation, wind, storm potential and,
 * given a location, aurora visibility. Readings after `at` are ignored; nothing is extrapolated.
 */
export function solarSnapshot(readings: SolarReadings, at: Date, config: SolarConfig, location?: Location): SolarSnapshot {
  const kpSource = readings.kp_1m.length > 0 ? readings.kp_1m : readings.kp_3h;
  const latestKp = latestAt(kpSource, at);
  const stormLevel =
    readings.kp_1m.length > 0 ? kpStormLevel(readings.kp_1m, at, config.kp_previous_windows) : (latestKp?.kp ?? null);
  const kp =
    latestKp && stormLevel !== null
      ? { latest: latestKp.kp, latest_time: latestKp.time, storm_level: stormLevel, g_scale: gScale(stormLevel) }
      : null;

  const events = flaresInWindow(readings.xray, at, config.flare_window_minutes);
  const peak = events.reduce<(typeof events)[number] | null>((best, f) => (best && best.peak_flux >= f.peak_flux ? best : f), null);
  const counts = { C: 0, M: 0, X: 0 };
  for (const flare of events) {
    const letter = flare.class[0];
    if (letter === "C" || letter === "M" || letter === "X") counts[letter] += 1;
  }

  const mag = latestAt(readings.mag, at);
  const plasma = latestAt(readings.wind, at);
  const bz = mag ? { value_nt: mag.bz_gsm, time: mag.time, orientation: bzOrientation(mag.bz_gsm, config.bz_neutral_nt) } : null;
  const wind = plasma ? { speed_kms: plasma.speed, density_cm3: plasma.density, time: plasma.time } : null;

  return {
    at: at.toISOString(),
    kp,
    flares: {
      window_minutes: config.flare_window_minutes,
      peak_class: peak?.class ?? null,
      r_scale: peak ? rScale(peak.peak_flux) : "none",
      events,
      counts,
    },
    bz,
    wind,
    storm_potential: stormPotential(
      { kp: kp?.storm_level ?? null, bz: mag?.bz_gsm ?? null, speed: plasma?.speed ?? null, density: plasma?.density ?? null },
      config.storm,
    ),
    aurora: location && kp ? auroraVisibility(location, kp.storm_level, config.aurora) : null,
  };
}
