import { signedDegreeDifference } from "../../sky/angles.ts";
import type { BodyName } from "../../sky/bodies.ts";
import { skySnapshot } from "../../sky/ephemeris.ts";

/**
 * Longitudes and speeds of the transiting bodies sampled on a regular grid, computed once per tick and shared by
 * every user's exact-transit search. Longitudes are unwrapped (continuous across 360°) so that a cubic Hermite
 * interpolant can be used between samples.
 */
export interface TransitGrid {
  startMs: number;
  stepMs: number;
  bodies: Partial<Record<BodyName, { longitude: Float64Array; speed: Float64Array }>>;
}

/** Samples `bodies` from `from` over `days` every `stepHours` (both ends included). */
export function buildTransitGrid(from: Date, days: number, stepHours: number, bodies: readonly BodyName[]): TransitGrid {
  const stepMs = stepHours * 3600_000;
  const count = Math.ceil((days * 86_400_000) / stepMs) + 1;
  const grid: TransitGrid = { startMs: from.getTime(), stepMs, bodies: {} };
  for (const body of bodies) grid.bodies[body] = { longitude: new Float64Array(count), speed: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    const sky = skySnapshot(new Date(grid.startMs + i * stepMs));
    for (const body of bodies) {
      const series = grid.bodies[body];
      if (!series) continue;
      const p = sky.bodies[body];
      const previous = i === 0 ? p.longitude : (series.longitude[i - 1] ?? 0);
      series.longitude[i] = i === 0 ? p.longitude : previous + signedDegreeDifference(p.longitude, previous);
      series.speed[i] = p.speed;
    }
  }
  return grid;
}

/** The two samples around step i: unwrapped longitudes and speeds scaled to the step (degrees). */
function hermiteSegment(grid: TransitGrid, body: BodyName, i: number) {
  const series = grid.bodies[body];
  if (!series) throw new Error(`${body} is not on the transit grid`);
  const stepDays = grid.stepMs / 86_400_000;
  return {
    stepDays,
    p0: series.longitude[i] ?? 0,
    p1: series.longitude[i + 1] ?? 0,
    m0: (series.speed[i] ?? 0) * stepDays,
    m1: (series.speed[i + 1] ?? 0) * stepDays,
  };
}

/**
 * Cubic Hermite interpolation of an unwrapped longitude between samples i and i+1 at fraction s ∈ [0, 1]:
 * uses both longitudes and both speeds (degrees/day), so it is exact to fourth order in the step.
 */
export function hermiteLongitude(grid: TransitGrid, body: BodyName, i: number, s: number): number {
  const { p0, p1, m0, m1 } = hermiteSegment(grid, body, i);
  const s2 = s * s;
  const s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1;
}

/** The derivative of `hermiteLongitude`, in degrees per day. */
export function hermiteSpeed(grid: TransitGrid, body: BodyName, i: number, s: number): number {
  const { stepDays, p0, p1, m0, m1 } = hermiteSegment(grid, body, i);
  const s2 = s * s;
  const derivative = (6 * s2 - 6 * s) * p0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * p1 + (3 * s2 - 2 * s) * m1;
  return derivative / stepDays;
}
