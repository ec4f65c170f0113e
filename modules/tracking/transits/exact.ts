import { normalizeDegrees, signedDegreeDifference } from "../../sky/angles.ts";
import type { BodyName } from "../../sky/bodies.ts";
import { ASPECT_NAMES, aspectTargets } from "./aspects.ts";
import { hermiteLongitude, hermiteSpeed, type TransitGrid } from "./grid.ts";
import type { ExactTransit, NatalPoints } from "./schemas.ts";

/** Bisection on the interpolant stops at this fraction of a grid step (6 h × 2⁻²⁰ ≈ 0.02 s). */
const ITERATIONS = 20;

/**
 * Exact transit-to-natal aspects in `(after, grid end]` for one user: every instant when a transiting body on the
 * grid reaches a Ptolemaic aspect angle to a natal point, each found by a sign change of the offset between grid
 * samples and refined by bisection on the Hermite interpolant (no ephemeris calls per user). Sorted by time.
 */
export function exactTransits(grid: TransitGrid, natal: NatalPoints, bodies: readonly BodyName[], after: Date): ExactTransit[] {
  const found: ExactTransit[] = [];
  const afterMs = after.getTime();
  for (const body of bodies) {
    const series = grid.bodies[body];
    if (!series) continue;
    const n = series.longitude.length;
    for (const [natalBody, natalLongitude] of Object.entries(natal)) {
      for (const aspect of ASPECT_NAMES) {
        for (const target of aspectTargets(aspect)) {
          const goal = natalLongitude + target;
          let previous = signedDegreeDifference(series.longitude[0] ?? 0, goal);
          for (let i = 0; i + 1 < n; i++) {
            const next = signedDegreeDifference(series.longitude[i + 1] ?? 0, goal);
            // A sign change with a small jump is a crossing; one of ~360° is the far side wrapping round.
            if (previous !== next && (previous <= 0) !== (next <= 0) && Math.abs(next - previous) < 180) {
              let low = 0;
              let high = 1;
              const lowValue = previous;
              for (let k = 0; k < ITERATIONS; k++) {
                const mid = (low + high) / 2;
                const value = signedDegreeDifference(hermiteLongitude(grid, body, i, mid), goal);
                if ((value <= 0) === (lowValue <= 0)) low = mid;
                else high = mid;
              }
              const s = (low + high) / 2;
              const timeMs = grid.startMs + (i + s) * grid.stepMs;
              if (timeMs > afterMs) {
                found.push({
                  body,
                  natal_body: natalBody,
                  aspect,
                  time: new Date(Math.round(timeMs)).toISOString(),
                  longitude: normalizeDegrees(hermiteLongitude(grid, body, i, s)),
                  retrograde: hermiteSpeed(grid, body, i, s) < 0,
                });
              }
            }
            previous = next;
          }
        }
      }
    }
  }
  return found.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
