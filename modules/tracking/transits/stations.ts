import type { BodyName } from "../../sky/bodies.ts";
import { bodyPosition } from "../../sky/ephemeris.ts";
import { findZeroCrossing } from "../../sky/search.ts";
import type { Station } from "./schemas.ts";

/** Bodies that station as seen from the Earth (the Sun and Moon never do). */
export const STATION_BODIES = ["mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"] as const satisfies readonly BodyName[];

/**
 * Stations of a body in [from, to): zeros of the rate of its apparent ecliptic longitude of date (not of right
 * ascension, which astronomy sites publish and which differs by up to a day). Direction from the speed's sign
 * after the zero: negative → `retrograde` (SR), positive → `direct` (SD).
 */
export function stations(body: BodyName, from: Date, to: Date, stepHours: number, toleranceSeconds: number): Station[] {
  const speed = (at: Date) => bodyPosition(body, at).speed;
  const found: Station[] = [];
  let start = from;
  for (;;) {
    const time = findZeroCrossing(speed, start, to, { stepHours, toleranceSeconds });
    if (time === null || time.getTime() >= to.getTime()) break;
    const after = speed(new Date(time.getTime() + 6 * 3600_000));
    found.push({
      body,
      direction: after < 0 ? "retrograde" : "direct",
      time: time.toISOString(),
      longitude: bodyPosition(body, time).longitude,
    });
    start = new Date(time.getTime() + 6 * 3600_000);
  }
  return found;
}
