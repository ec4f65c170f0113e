import { signedDegreeDifference, signOf } from "../../sky/angles.ts";
import type { BodyName } from "../../sky/bodies.ts";
import { bodyPosition } from "../../sky/ephemeris.ts";
import { findZeroCrossing } from "../../sky/search.ts";
import type { Ingress } from "./schemas.ts";

/**
 * Signed distance to the nearest sign boundary scaled by 12, degrees in (−180, 180]. The scaling makes the
 * mid-sign jump a full 360° wrap, which the zero-crossing search skips, while true boundary crossings stay
 * continuous as long as the body moves less than 15° per scan step.
 */
export function boundaryFunction(body: BodyName): (at: Date) => number {
  return (at) => signedDegreeDifference(12 * bodyPosition(body, at).longitude, 0);
}

/**
 * Every sign ingress of a body in [from, to): times when its apparent ecliptic longitude of date crosses a
 * multiple of 30°, either way. Scanned every `stepHours`, bisected to `toleranceSeconds`.
 */
export function signIngresses(body: BodyName, from: Date, to: Date, stepHours: number, toleranceSeconds: number): Ingress[] {
  const f = boundaryFunction(body);
  const found: Ingress[] = [];
  let start = from;
  for (;;) {
    const time = findZeroCrossing(f, start, to, { stepHours, toleranceSeconds });
    if (time === null || time.getTime() >= to.getTime()) break;
    const { longitude, speed } = bodyPosition(body, time);
    const direction = speed >= 0 ? "direct" : "retrograde";
    // The bisection midpoint may sit on either side of the boundary, so take the sign half a sign beyond it
    // along the motion.
    const boundary = Math.round(longitude / 30) * 30;
    const sign = signOf(boundary + (speed >= 0 ? 15 : -15)).sign;
    found.push({ body, sign, direction, time: time.toISOString() });
    start = new Date(time.getTime() + toleranceSeconds * 2000);
  }
  return found;
}
