import { signedDegreeDifference } from "../../sky/angles.ts";
import { ASPECT_NAMES, aspectTargets } from "./aspects.ts";
import type { BodyState, NatalAspect, NatalPoints, TransitsConfig } from "./schemas.ts";

/**
 * Transit-to-natal aspects at one instant: for each transiting body and natal point, every Ptolemaic aspect whose
 * orb (distance from exactness, degrees) is within the configured orb. `applying` when the transiting body's
 * current motion (natal points are fixed) takes the orb down. Sorted by orb, tightest first.
 */
export function natalAspects(transits: BodyState[], natal: NatalPoints, orbs: TransitsConfig["orbs"]): NatalAspect[] {
  const found: NatalAspect[] = [];
  for (const t of transits) {
    for (const [natalBody, natalLongitude] of Object.entries(natal)) {
      const difference = signedDegreeDifference(t.longitude, natalLongitude);
      for (const aspect of ASPECT_NAMES) {
        const allowed = orbs[aspect];
        for (const target of aspectTargets(aspect)) {
          const offset = signedDegreeDifference(difference, target);
          const orb = Math.abs(offset);
          if (orb > allowed) continue;
          found.push({
            body: t.body,
            natal_body: natalBody,
            aspect,
            orb,
            exactness: 1 - orb / allowed,
            // Moving forward shrinks a negative offset; moving backward shrinks a positive one.
            applying: offset * t.speed < 0,
          });
        }
      }
    }
  }
  return found.sort((a, b) => a.orb - b.orb);
}
