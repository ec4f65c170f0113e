import { exactTransits } from "./exact.ts";
import { buildTransitGrid, type TransitGrid } from "./grid.ts";
import { signIngresses } from "./ingresses.ts";
import { natalAspects } from "./natal.ts";
import { bodyStates, houseOf } from "./positions.ts";
import type { BodyState, Ingress, NatalPoints, Station, TransitsConfig, TransitsSnapshot, UserTransits } from "./schemas.ts";
import { STATION_BODIES, stations } from "./stations.ts";
import { BODY_NAMES, type BodyName } from "../../sky/bodies.ts";

/** Positions, speeds and retrograde flags of Sun … Pluto at `at`. */
export function transitsSnapshot(at: Date): TransitsSnapshot {
  return { at: at.toISOString(), bodies: bodyStates(at) };
}

/** Stations of Mercury … Pluto in [from, to), sorted by time. */
export function stationsInWindow(from: Date, to: Date, config: TransitsConfig): Station[] {
  return STATION_BODIES.flatMap((body) => stations(body, from, to, config.scan_step_hours, config.tolerance_seconds)).sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time),
  );
}

/** Sign ingresses of the given bodies in [from, to), sorted by time. The Moon is scanned every 3 h. */
export function ingressesInWindow(from: Date, to: Date, config: TransitsConfig, bodies: readonly BodyName[] = BODY_NAMES): Ingress[] {
  return bodies
    .flatMap((body) => signIngresses(body, from, to, body === "moon" ? 3 : config.scan_step_hours, config.tolerance_seconds))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** What a transit tick computes once and shares between users: the positions now and the position grid ahead. */
export interface TransitTick {
  at: Date;
  bodies: BodyState[];
  grid: TransitGrid;
}

export function prepareTransitTick(at: Date, config: TransitsConfig): TransitTick {
  return { at, bodies: bodyStates(at), grid: buildTransitGrid(at, config.exact_days, config.grid_step_hours, config.exact_bodies) };
}

/**
 * One user's transits for a prepared tick: aspects of Sun … Pluto to the natal points within the configured orbs,
 * the natal house of each transiting body when cusps are given, and exact transits in the next
 * `config.exact_days` days.
 */
export function userTransits(tick: TransitTick, natal: NatalPoints, config: TransitsConfig, cusps?: readonly number[]): UserTransits {
  const result: UserTransits = {
    at: tick.at.toISOString(),
    aspects: natalAspects(tick.bodies, natal, config.orbs),
    exact: exactTransits(tick.grid, natal, config.exact_bodies, tick.at),
  };
  if (cusps) result.houses = Object.fromEntries(tick.bodies.map((b) => [b.body, houseOf(b.longitude, cusps)]));
  return result;
}
