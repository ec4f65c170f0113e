import { normalizeDegrees, signedDegreeDifference } from "../../sky/angles.ts";
import { bodyPosition, skySnapshot } from "../../sky/ephemeris.ts";
import { nearBoundaryLevel } from "./boundary.ts";
import { errorBoundArcsec, type ActivationSide } from "./ephemeris-error.ts";
import { type Activation, type ActivationBody, ActivationBodySchema } from "./schemas.ts";
import { wheelPosition } from "./wheel.ts";

/** Solar arc between the design moment and birth, degrees. */
export const DESIGN_SOLAR_ARC_DEGREES = 88;

const DAY_MS = 86_400_000;
/** Mean motion of the Sun, degrees per day: only the first guess uses it. */
const MEAN_SUN_DEGREES_PER_DAY = 360 / 365.2422;
/** Newton stops once a step is below this (ms); the Sun then sits within 1e-8° of the target. */
const NEWTON_STEP_LIMIT_MS = 1;
const NEWTON_MAX_ITERATIONS = 8;

/**
 * The design moment: the UT instant before birth at which the Sun's apparent geocentric longitude (true
 * ecliptic and equinox of date) was exactly 88° less than at birth: a solar arc, not 88 days (it is 86–90 days).
 *
 * @param birthUtc the birth instant (UT).
 * @param natalSunLongitude the Sun's apparent longitude at birth, degrees; computed when omitted.
 * @returns the design instant, good to better than 0.01 s of time (Newton's method on the Sun's own rate).
 */
export function designMoment(birthUtc: Date, natalSunLongitude = bodyPosition("sun", birthUtc).longitude): Date {
  const target = normalizeDegrees(natalSunLongitude - DESIGN_SOLAR_ARC_DEGREES);
  let atMs = birthUtc.getTime() - (DESIGN_SOLAR_ARC_DEGREES / MEAN_SUN_DEGREES_PER_DAY) * DAY_MS;
  for (let iteration = 0; iteration < NEWTON_MAX_ITERATIONS; iteration++) {
    const sun = bodyPosition("sun", new Date(atMs));
    // The Sun never stations (0.95–1.02°/day), so Newton on its longitude converges in 3–4 steps.
    const stepMs = (signedDegreeDifference(target, sun.longitude) / sun.speed) * DAY_MS;
    atMs += stepMs;
    if (Math.abs(stepMs) < NEWTON_STEP_LIMIT_MS) return new Date(atMs);
  }
  throw new Error(`the design moment did not converge for ${birthUtc.toISOString()}`);
}

/**
 * The 13 activations at one instant, in output order (sun earth moon north_node south_node mercury … pluto).
 * Longitudes are apparent geocentric, tropical, ecliptic of date, degrees [0, 360); Earth is opposite the Sun
 * and the south node opposite the north node.
 *
 * @param nodeType "true" (osculating) or "mean" lunar node.
 * @param marginArcmin activations this close to a line boundary are flagged `within_line_margin`.
 * @param side personality (birth) or design: picks the ephemeris error bound behind `near_boundary`.
 */
export function activationsAt(at: Date, nodeType: "true" | "mean", marginArcmin: number, side: ActivationSide): Activation[] {
  const sky = skySnapshot(at);
  const node = nodeType === "true" ? sky.true_node : sky.mean_node;
  const longitudes: Record<ActivationBody, number> = {
    sun: sky.bodies.sun.longitude,
    earth: normalizeDegrees(sky.bodies.sun.longitude + 180),
    moon: sky.bodies.moon.longitude,
    north_node: node.longitude,
    south_node: normalizeDegrees(node.longitude + 180),
    mercury: sky.bodies.mercury.longitude,
    venus: sky.bodies.venus.longitude,
    mars: sky.bodies.mars.longitude,
    jupiter: sky.bodies.jupiter.longitude,
    saturn: sky.bodies.saturn.longitude,
    uranus: sky.bodies.uranus.longitude,
    neptune: sky.bodies.neptune.longitude,
    pluto: sky.bodies.pluto.longitude,
  };
  return ActivationBodySchema.options.map((body) => ({
    body,
    longitude: longitudes[body],
    ...wheelPosition(longitudes[body], marginArcmin),
    // The bounds were measured for the true node; the mean node is a formula with its own (smaller) error.
    near_boundary: nearBoundaryLevel(longitudes[body], errorBoundArcsec(side, body, at)),
  }));
}
