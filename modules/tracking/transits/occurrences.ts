import type { TrackedUser, TrackingOccurrence } from "../../contract.ts";
import { normalizeDegrees, signedDegreeDifference, signOf } from "../../sky/angles.ts";
import { BODY_NAMES, type BodyName } from "../../sky/bodies.ts";
import { bodyPosition } from "../../sky/ephemeris.ts";
import { nearestAspect } from "./aspects.ts";
import { exactTransits } from "./exact.ts";
import { buildTransitGrid } from "./grid.ts";
import { boundaryFunction } from "./ingresses.ts";
import type { SignName } from "../../sky/angles.ts";
import type { TransitsConfig } from "./schemas.ts";
import { ingressesInWindow, stationsInWindow } from "./service.ts";

const MINUTE_MS = 60_000;
const HALF_MINUTE_MS = 30_000;
const DAY_MS = 86_400_000;
/** 60 s / 2¹⁶ ≈ 1 ms: far below the minute the key keeps, and every step is one ephemeris call. */
const REFINE_ITERATIONS = 16;
/** Searches start this far outside the tick window: an event found at the edge by a coarse scan (±1 s) must
 * still be located canonically and then judged in or out by its canonical time. */
export const SEARCH_MARGIN_MS = 5 * MINUTE_MS;

/** Sun … Pluto: the bodies whose ingresses this module publishes (the Moon's belong to the lunar module). */
export const INGRESS_BODIES: readonly BodyName[] = BODY_NAMES.filter((body) => body !== "moon");

/** An instant located on the fixed half-minute grid: `minute` is the UTC minute (`YYYY-MM-DDTHH:MMZ`) nearest
 * the crossing, `time` the crossing refined inside that minute's bracket. */
export interface CanonicalCrossing {
  time: Date;
  minute: string;
}

function crosses(a: number, b: number): boolean {
  // A jump of 180° or more is an angle difference wrapping round, not a crossing.
  return a > 0 !== b > 0 && Math.abs(b - a) < 180;
}

/** `YYYY-MM-DDTHH:MMZ` of an instant on a whole minute. */
export function minuteLabel(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/**
 * Locates the zero of `f` near `approx` independently of how `approx` was found. Scans and bisections started
 * from different windows bracket a root differently and land up to their tolerance apart, which can straddle a
 * minute; here the bracket is always the half-minute-bounded interval around a whole UTC minute, chosen by the
 * signs of `f` at those fixed instants only, and bisected a fixed number of times. The same sky event therefore
 * gets the same minute and time whichever tick finds it. Null when no root lies within `reachMinutes`.
 */
export function canonicalCrossing(f: (at: Date) => number, approx: Date, reachMinutes = 5): CanonicalCrossing | null {
  const centre = Math.round(approx.getTime() / MINUTE_MS) * MINUTE_MS;
  const values = new Map<number, number>();
  const valueAt = (ms: number): number => {
    const known = values.get(ms);
    if (known !== undefined) return known;
    const computed = f(new Date(ms));
    values.set(ms, computed);
    return computed;
  };
  for (let k = 0; k <= reachMinutes; k++) {
    for (const minute of k === 0 ? [centre] : [centre - k * MINUTE_MS, centre + k * MINUTE_MS]) {
      let low = minute - HALF_MINUTE_MS;
      let high = minute + HALF_MINUTE_MS;
      let lowValue = valueAt(low);
      if (!crosses(lowValue, valueAt(high))) continue;
      for (let i = 0; i < REFINE_ITERATIONS; i++) {
        const mid = (low + high) / 2;
        const midValue = f(new Date(mid));
        if (crosses(lowValue, midValue)) high = mid;
        else {
          low = mid;
          lowValue = midValue;
        }
      }
      return { time: new Date(Math.round((low + high) / 2)), minute: minuteLabel(minute) };
    }
  }
  return null;
}

/** An occurrence key: type, what happened, and its canonical minute, `/`-separated (parts URI-encoded so a user
 * id cannot forge another key). Never built from the tick window. */
export function occurrenceKey(type: string, parts: readonly string[], minute: string): string {
  return [type, ...parts.map((part) => encodeURIComponent(part)), minute].join("/");
}

function inWindow(time: Date, windowStart: Date, at: Date): boolean {
  return time.getTime() > windowStart.getTime() && time.getTime() <= at.getTime();
}

/** The sign a body enters when it crosses the boundary nearest its longitude, from its direction of motion (the
 * refined instant may sit a hair on either side of the boundary). */
export function signEntered(longitude: number, speed: number): SignName {
  const boundary = Math.round(longitude / 30) * 30;
  return signOf(boundary + (speed >= 0 ? 15 : -15)).sign;
}

/** `cosmic.ingress` for each sign ingress of `bodies` whose canonical time is in (windowStart, at]. */
export function ingressOccurrences(windowStart: Date, at: Date, config: TransitsConfig, bodies: readonly BodyName[]): TrackingOccurrence[] {
  const from = new Date(windowStart.getTime() - SEARCH_MARGIN_MS);
  const to = new Date(at.getTime() + SEARCH_MARGIN_MS);
  const found: TrackingOccurrence[] = [];
  for (const ingress of ingressesInWindow(from, to, config, bodies)) {
    const crossing = canonicalCrossing(boundaryFunction(ingress.body), new Date(ingress.time));
    if (!crossing || !inWindow(crossing.time, windowStart, at)) continue;
    const { longitude, speed } = bodyPosition(ingress.body, crossing.time);
    const sign = signEntered(longitude, speed);
    const direction = speed >= 0 ? "direct" : "retrograde";
    const time = crossing.time.toISOString();
    found.push({
      key: occurrenceKey("cosmic.ingress", [ingress.body, sign], crossing.minute),
      type: "cosmic.ingress",
      time,
      data: { body: ingress.body, sign, direction, time },
    });
  }
  return found;
}

/** `cosmic.retrograde.start` (station retrograde) and `cosmic.retrograde.end` (station direct) in (windowStart, at]. */
export function stationOccurrences(windowStart: Date, at: Date, config: TransitsConfig): TrackingOccurrence[] {
  const from = new Date(windowStart.getTime() - SEARCH_MARGIN_MS);
  const to = new Date(at.getTime() + SEARCH_MARGIN_MS);
  const found: TrackingOccurrence[] = [];
  for (const station of stationsInWindow(from, to, config)) {
    const speed = (t: Date) => bodyPosition(station.body, t).speed;
    const crossing = canonicalCrossing(speed, new Date(station.time));
    if (!crossing || !inWindow(crossing.time, windowStart, at)) continue;
    // Six hours on, the speed is clear of the zero whatever the planet, so the direction does not hinge on noise.
    const direction = speed(new Date(crossing.time.getTime() + 6 * 3_600_000)) < 0 ? "retrograde" : "direct";
    const type = direction === "retrograde" ? "cosmic.retrograde.start" : "cosmic.retrograde.end";
    const time = crossing.time.toISOString();
    found.push({
      key: occurrenceKey(type, [station.body], crossing.minute),
      type,
      time,
      data: { body: station.body, direction, time, longitude: bodyPosition(station.body, crossing.time).longitude },
    });
  }
  return found;
}

/** Natal points a transit search can use: finite longitudes, wrapped into [0, 360). */
export function usablePoints(points: Record<string, number>): Record<string, number> {
  const usable: Record<string, number> = {};
  for (const [name, longitude] of Object.entries(points)) if (Number.isFinite(longitude)) usable[name] = normalizeDegrees(longitude);
  return usable;
}

/**
 * `cosmic.transit.exact` for every user and every exact aspect of a transiting body to one of their natal points
 * in (windowStart, at]. The ephemeris is sampled once for everyone on a grid aligned to whole multiples of the
 * grid step (so every tick interpolates the same cells); each user costs a scan of that small grid, and only
 * the few hits are located canonically with direct ephemeris calls.
 */
export function exactTransitOccurrences(
  windowStart: Date,
  at: Date,
  config: TransitsConfig,
  users: readonly TrackedUser[],
): TrackingOccurrence[] {
  if (users.length === 0 || config.exact_bodies.length === 0) return [];
  const stepMs = config.grid_step_hours * 3_600_000;
  const fromMs = windowStart.getTime() - SEARCH_MARGIN_MS;
  const toMs = at.getTime() + SEARCH_MARGIN_MS;
  const gridStart = Math.floor(fromMs / stepMs) * stepMs;
  const gridEnd = Math.ceil(toMs / stepMs) * stepMs;
  const grid = buildTransitGrid(new Date(gridStart), (gridEnd - gridStart) / DAY_MS, config.grid_step_hours, config.exact_bodies);
  const found: TrackingOccurrence[] = [];
  for (const user of users) {
    const natal = usablePoints(user.points);
    for (const hit of exactTransits(grid, natal, config.exact_bodies, new Date(fromMs))) {
      if (Date.parse(hit.time) > toMs) continue;
      const natalLongitude = natal[hit.natal_body];
      if (natalLongitude === undefined) continue;
      const { target } = nearestAspect(signedDegreeDifference(hit.longitude, natalLongitude));
      const offset = (t: Date) => signedDegreeDifference(signedDegreeDifference(bodyPosition(hit.body, t).longitude, natalLongitude), target);
      const crossing = canonicalCrossing(offset, new Date(hit.time));
      if (!crossing || !inWindow(crossing.time, windowStart, at)) continue;
      const position = bodyPosition(hit.body, crossing.time);
      const time = crossing.time.toISOString();
      found.push({
        key: occurrenceKey("cosmic.transit.exact", [user.user_id, hit.body, hit.aspect, hit.natal_body], crossing.minute),
        type: "cosmic.transit.exact",
        time,
        subject: user.user_id,
        data: {
          body: hit.body,
          natal_body: hit.natal_body,
          aspect: hit.aspect,
          time,
          longitude: position.longitude,
          natal_longitude: natalLongitude,
          retrograde: position.speed < 0,
        },
      });
    }
  }
  return found;
}

/** Every occurrence of a transit tick, sorted by time then key so the order is as stable as the keys. */
export function transitOccurrences(
  windowStart: Date,
  at: Date,
  config: TransitsConfig,
  users: readonly TrackedUser[],
): TrackingOccurrence[] {
  if (at.getTime() <= windowStart.getTime()) return [];
  return [
    ...ingressOccurrences(windowStart, at, config, INGRESS_BODIES),
    ...stationOccurrences(windowStart, at, config),
    ...exactTransitOccurrences(windowStart, at, config, users),
  ].sort(byTimeThenKey);
}

export function byTimeThenKey(a: TrackingOccurrence, b: TrackingOccurrence): number {
  return Date.parse(a.time) - Date.parse(b.time) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
