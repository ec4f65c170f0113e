import { angularSeparation, signedDegreeDifference } from "../../sky/angles.ts";
import { MAJOR_ASPECTS, MINOR_ASPECTS, type Aspect, type AspectPoint, type AspectType, type AstrologyConfig } from "./schemas.ts";

/** A point that can take part in an aspect: longitude in degrees, speed in degrees per day. */
export interface AspectingPoint {
  name: AspectPoint;
  longitude: number;
  speed: number;
}

function aspectAngles(config: Pick<AstrologyConfig, "minor_aspects">): [AspectType, number][] {
  const majors = Object.entries(MAJOR_ASPECTS) as [AspectType, number][];
  return config.minor_aspects ? [...majors, ...(Object.entries(MINOR_ASPECTS) as [AspectType, number][])] : majors;
}

/**
 * Aspects between every pair of points, in the order of the points given (a before b). Each pair takes the
 * aspect type whose exact angle is closest to the separation, when within that type's orb. Applying when the
 * orb is shrinking at the current speeds.
 */
export function findAspects(points: readonly AspectingPoint[], config: Pick<AstrologyConfig, "minor_aspects" | "orbs">): Aspect[] {
  const types = aspectAngles(config);
  const aspects: Aspect[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i];
      const b = points[j];
      if (!a || !b) continue;
      const separation = angularSeparation(a.longitude, b.longitude);
      let best: { type: AspectType; angle: number; orb: number } | null = null;
      for (const [type, angle] of types) {
        const orb = Math.abs(separation - angle);
        if (orb <= config.orbs[type] && (best === null || orb < best.orb)) best = { type, angle, orb };
      }
      if (!best) continue;
      // d(separation)/dt = sign(λa − λb)·(va − vb); the orb shrinks when separation moves toward the exact angle.
      const separationRate = Math.sign(signedDegreeDifference(a.longitude, b.longitude)) * (a.speed - b.speed);
      const orbRate = Math.sign(separation - best.angle) * separationRate;
      aspects.push({ a: a.name, b: b.name, type: best.type, angle: best.angle, orb: best.orb, applying: orbRate < 0 });
    }
  }
  return aspects;
}
