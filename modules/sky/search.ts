import { signedDegreeDifference } from "./angles.ts";
import type { BodyName } from "./bodies.ts";
import { bodyPosition } from "./ephemeris.ts";

const HOUR_MS = 3_600_000;

export interface ZeroCrossingOptions {
  /** Sampling step; must be shorter than the time between two crossings (default 6 h). */
  stepHours?: number;
  /** Width of the final bracket, in seconds (default 1 s). */
  toleranceSeconds?: number;
}

/**
 * First instant in [start, end] where f crosses zero going either way. f must be continuous apart from the
 * ±180° wrap of angle differences: a sign change across a jump of 180° or more is a wrap, not a crossing.
 * The root is bracketed by sampling every `stepHours` and refined by bisection to `toleranceSeconds`.
 * Returns null when there is none.
 */
export function findZeroCrossing(
  f: (at: Date) => number,
  start: Date,
  end: Date,
  options: ZeroCrossingOptions = {},
): Date | null {
  const stepMs = (options.stepHours ?? 6) * HOUR_MS;
  const toleranceMs = (options.toleranceSeconds ?? 1) * 1000;
  const endMs = end.getTime();
  let lowMs = start.getTime();
  let low = f(new Date(lowMs));
  if (low === 0) return new Date(lowMs);
  while (lowMs < endMs) {
    const highMs = Math.min(lowMs + stepMs, endMs);
    const high = f(new Date(highMs));
    if (high === 0) return new Date(highMs);
    if (Math.sign(high) !== Math.sign(low) && Math.abs(high - low) < 180) {
      return refine(f, lowMs, low, highMs, toleranceMs);
    }
    lowMs = highMs;
    low = high;
  }
  return null;
}

function refine(f: (at: Date) => number, lowMs: number, low: number, highMs: number, toleranceMs: number): Date {
  let a = lowMs;
  let b = highMs;
  let fa = low;
  while (b - a > toleranceMs) {
    const m = (a + b) / 2;
    const fm = f(new Date(m));
    if (fm === 0) return new Date(m);
    if (Math.sign(fm) === Math.sign(fa)) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  return new Date((a + b) / 2);
}

/**
 * First instant in [start, end] when the body's geocentric apparent longitude (true ecliptic of date) equals
 * `longitude` (degrees), to `toleranceSeconds` (default 1 s). Sampled every 3 h for the Moon and 12 h for the
 * others, so a planet grazing the longitude at a station within half a day may be missed.
 */
export function findLongitude(
  body: BodyName,
  longitude: number,
  start: Date,
  end: Date,
  options: { toleranceSeconds?: number } = {},
): Date | null {
  return findZeroCrossing((at) => signedDegreeDifference(bodyPosition(body, at).longitude, longitude), start, end, {
    stepHours: body === "moon" ? 3 : 12,
    toleranceSeconds: options.toleranceSeconds ?? 1,
  });
}
