import { signOf } from "../../sky/angles.ts";
import { BODY_NAMES } from "../../sky/bodies.ts";
import { skySnapshot } from "../../sky/ephemeris.ts";
import type { BodyState } from "./schemas.ts";

/**
 * Sun … Pluto at `at`: apparent geocentric ecliptic longitude of date (degrees), latitude, speed (degrees/day),
 * retrograde flag (speed < 0) and sign. One ephemeris frame for all ten bodies.
 */
export function bodyStates(at: Date): BodyState[] {
  const sky = skySnapshot(at);
  return BODY_NAMES.map((body) => {
    const p = sky.bodies[body];
    return { body, longitude: p.longitude, latitude: p.latitude, speed: p.speed, retrograde: p.speed < 0, ...signOf(p.longitude) };
  });
}

/**
 * Natal house (1–12) of a longitude given the twelve cusps (degrees, house 1 first): the house whose cusp is the
 * last one passed going forward in the zodiac. Works for any quadrant system and across 0° Aries.
 */
export function houseOf(longitude: number, cusps: readonly number[]): number {
  let best = 1;
  let smallest = 360;
  cusps.forEach((cusp, index) => {
    const arc = (((longitude - cusp) % 360) + 360) % 360;
    if (arc < smallest) {
      smallest = arc;
      best = index + 1;
    }
  });
  return best;
}
