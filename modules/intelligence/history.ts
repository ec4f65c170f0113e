import { normalizeDegrees } from "../sky/angles.ts";
import type { KpSample, LunarSample, PhaseQuarter } from "./journal/schemas.ts";

/** The quarter a phase angle falls in: 90° sectors centred on 0° (new), 90°, 180° (full), 270°. */
export function phaseQuarter(angle: number): PhaseQuarter {
  const sector = Math.floor(normalizeDegrees(angle + 45) / 90) % 4;
  return (["new", "waxing", "full", "waning"] as const)[sector] ?? "new";
}

/** Index of the last sample at or before `t` in a time-sorted array (−1 when all are later). */
function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Lunar history as a function of time: phase angles interpolated between the two samples around an instant. */
export interface PhaseLookup {
  /** Degrees [0, 360), or null outside the history's span or across a gap longer than the configured limit. */
  at(t: number): number | null;
}

/**
 * Builds a phase lookup over lunar samples (any order). The Moon gains ~12.2° a day on the Sun, so between
 * samples at most `maxGapHours` apart the forward arc from one to the next is its motion and linear
 * interpolation is good to a fraction of a degree.
 */
export function phaseLookup(samples: readonly LunarSample[], maxGapHours: number): PhaseLookup {
  const sorted = samples.map((s) => ({ t: Date.parse(s.time), angle: s.phase_angle })).sort((a, b) => a.t - b.t);
  const times = sorted.map((s) => s.t);
  const maxGap = maxGapHours * 3_600_000;
  return {
    at(t) {
      const i = lastAtOrBefore(times, t);
      const before = sorted[i];
      if (before === undefined) return null;
      if (before.t === t) return before.angle;
      const after = sorted[i + 1];
      if (after === undefined || after.t - before.t > maxGap) return null;
      const arc = normalizeDegrees(after.angle - before.angle);
      return normalizeDegrees(before.angle + (arc * (t - before.t)) / (after.t - before.t));
    },
  };
}

/** The latest Kp reading at or before `t` and no older than `maxAgeMs`, from time-sorted samples. */
export function kpAt(sorted: readonly KpSample[], sortedTimes: readonly number[], t: number, maxAgeMs: number): KpSample | null {
  const i = lastAtOrBefore(sortedTimes, t);
  const sample = sorted[i];
  if (sample === undefined || t - (sortedTimes[i] as number) > maxAgeMs) return null;
  return sample;
}
