import { signedDegreeDifference } from "../../sky/angles.ts";
import type { AspectName } from "./schemas.ts";

/** Angles of the five Ptolemaic aspects, degrees. */
export const ASPECT_ANGLES: Readonly<Record<AspectName, number>> = {
  conjunction: 0,
  sextile: 60,
  square: 90,
  trine: 120,
  opposition: 180,
};
export const ASPECT_NAMES = Object.keys(ASPECT_ANGLES) as AspectName[];

/**
 * Signed targets of an aspect for `moving − fixed` longitude differences: ±angle, one target for the
 * conjunction and the opposition (whose ± coincide).
 */
export function aspectTargets(aspect: AspectName): number[] {
  const angle = ASPECT_ANGLES[aspect];
  return angle === 0 || angle === 180 ? [angle] : [angle, -angle];
}

/**
 * The aspect nearest to an angular difference among the five, with the signed distance to its nearest target
 * (degrees, (−180, 180]). Used both for orbs and for naming an exact aspect found by a scan.
 */
export function nearestAspect(difference: number): { aspect: AspectName; target: number; offset: number } {
  let best = { aspect: "conjunction" as AspectName, target: 0, offset: signedDegreeDifference(difference, 0) };
  for (const aspect of ASPECT_NAMES) {
    for (const target of aspectTargets(aspect)) {
      const offset = signedDegreeDifference(difference, target);
      if (Math.abs(offset) < Math.abs(best.offset)) best = { aspect, target, offset };
    }
  }
  return best;
}
