import { distanceToSignBoundary, normalizeDegrees, signOf } from "../../sky/angles.ts";
import { BODY_NAMES, type BodyName } from "../../sky/bodies.ts";
import { deltaTSeconds } from "../../sky/delta-t.ts";
import { skySnapshot, skyTime, type EclipticPosition } from "../../sky/ephemeris.ts";
import { findAspects, type AspectingPoint } from "./aspects.ts";
import { chartAngles, houseCusps, houseOf, type HouseFrame, type HouseSystem } from "./houses.ts";
import type { AspectPoint, AstrologyConfig, AstrologyData, BodyPlacement, ChartPoint } from "./schemas.ts";
import { chartSummary, elementCounts, modalityCounts, type SummaryPoint } from "./summary.ts";
import { ayanamsaDegrees } from "./zodiac.ts";

/** The part of the chart data that depends only on the instant and the place. */
export type NatalChart = Omit<AstrologyData, "utc_offset_minutes" | "offset_source" | "time_known" | "unknown_time">;

function formatHms(hours: number): string {
  const total = Math.round(hours * 3600) % 86400;
  const part = (n: number) => String(n).padStart(2, "0");
  return `${part(Math.floor(total / 3600))}:${part(Math.floor((total % 3600) / 60))}:${part(total % 60)}`;
}

/** Chart points (bodies and nodes) from one ephemeris snapshot, shifted by the ayanamsa when sidereal. */
export function chartPositions(at: Date, config: Pick<AstrologyConfig, "zodiac" | "ayanamsa" | "node_type">) {
  const sky = skySnapshot(at);
  const ayanamsa = config.zodiac === "sidereal" ? ayanamsaDegrees(config.ayanamsa, at) : 0;
  const shift = (p: EclipticPosition): EclipticPosition => ({ ...p, longitude: normalizeDegrees(p.longitude - ayanamsa) });
  const points = new Map<ChartPoint, EclipticPosition>();
  for (const name of BODY_NAMES) points.set(name, shift(sky.bodies[name]));
  points.set("true_node", shift(sky.true_node));
  points.set("mean_node", shift(sky.mean_node));
  // The south node is opposite whichever node the config calls "the" node.
  const chosen = shift(config.node_type === "mean" ? sky.mean_node : sky.true_node);
  points.set("south_node", { ...chosen, longitude: normalizeDegrees(chosen.longitude + 180) });
  return { sky, ayanamsa, points };
}

/**
 * Local apparent sidereal time frame for houses: ARMC = GAST·15° + east longitude (degrees), true obliquity and
 * latitude. `ayanamsa` is not applied here; house cusps are shifted like every other longitude.
 */
export function houseFrame(gastHours: number, obliquity: number, latitude: number, longitude: number): HouseFrame {
  return { armc: normalizeDegrees(gastHours * 15 + longitude), obliquity, latitude };
}

/** Houses in the requested system, or in the polar fallback where Placidus/Koch are undefined. */
export function resolveHouses(
  frame: HouseFrame,
  requested: HouseSystem,
  fallback: HouseSystem,
): { system: HouseSystem; cusps: number[]; angles: ReturnType<typeof chartAngles>; fallbackUsed: boolean } {
  const angles = chartAngles(frame);
  const cusps = houseCusps(requested, frame, angles);
  if (cusps) return { system: requested, cusps, angles, fallbackUsed: false };
  return { system: fallback, cusps: houseCusps(fallback, frame, angles) ?? [], angles, fallbackUsed: true };
}

/**
 * Full natal chart for a UT instant and a place (latitude −90…90 north positive, longitude −180…180 east
 * positive): bodies and nodes (geocentric apparent, ecliptic of date, tropical or sidereal), angles, house cusps,
 * aspects, element/modality counts and the chart summary. Pure: same input, same output.
 */
export function calculateNatalChart(instant: Date, latitude: number, longitude: number, config: AstrologyConfig): NatalChart {
  const { sky, ayanamsa, points } = chartPositions(instant, config);
  const frame = houseFrame(sky.gast_hours, sky.obliquity, latitude, longitude);
  const houses = resolveHouses(frame, config.house_system, config.polar_fallback);
  const shift = (lon: number) => normalizeDegrees(lon - ayanamsa);
  const cusps = houses.cusps.map(shift);
  const nearLimit = config.near_boundary_arcmin / 60;
  const angle = (lon: number) => {
    const shifted = shift(lon);
    return { longitude: shifted, ...signOf(shifted), near_boundary: distanceToSignBoundary(shifted) < nearLimit };
  };
  const angles = {
    ascendant: angle(houses.angles.ascendant),
    midheaven: angle(houses.angles.midheaven),
    descendant: angle(houses.angles.descendant),
    imum_coeli: angle(houses.angles.imum_coeli),
    vertex: angle(houses.angles.vertex),
  };

  const bodies: BodyPlacement[] = [];
  for (const [name, p] of points) {
    bodies.push({
      name,
      longitude: p.longitude,
      latitude: p.latitude,
      speed: p.speed,
      retrograde: p.speed < 0,
      ...signOf(p.longitude),
      house: houseOf(p.longitude, cusps),
      near_boundary: distanceToSignBoundary(p.longitude) < nearLimit,
    });
  }

  const pointOf = (name: AspectPoint): AspectingPoint & SummaryPoint => {
    if (name === "ascendant" || name === "midheaven") {
      const a = angles[name];
      return { name, longitude: a.longitude, speed: 0, sign: a.sign, house: name === "ascendant" ? 1 : 10 };
    }
    const b = bodies.find((x) => x.name === name) as BodyPlacement;
    return { name, longitude: b.longitude, speed: b.speed, sign: b.sign, house: b.house };
  };
  const summaryPoints = config.summary_points.map(pointOf);
  const placementOf = (body: BodyName) => {
    const p = pointOf(body);
    return { sign: p.sign, house: p.house };
  };
  const lstHours = frame.armc / 15;
  return {
    instant_utc: instant.toISOString(),
    zodiac: config.zodiac,
    ayanamsa: config.zodiac === "sidereal" ? { name: config.ayanamsa, degrees: ayanamsa } : null,
    node_type: config.node_type,
    delta_t_seconds: deltaTSeconds(skyTime(instant).ut),
    obliquity: sky.obliquity,
    local_sidereal_time: { hours: lstHours, hms: formatHms(lstHours) },
    bodies,
    angles,
    house_system: houses.system,
    house_system_requested: config.house_system,
    polar_fallback_used: houses.fallbackUsed,
    houses: cusps.map((cusp, i) => {
      const { sign, sign_degree } = signOf(cusp);
      return { number: i + 1, cusp, sign, sign_degree };
    }),
    aspects: findAspects(config.aspect_points.map(pointOf), config),
    elements: elementCounts(summaryPoints),
    modalities: modalityCounts(summaryPoints),
    summary: chartSummary(summaryPoints, angles.ascendant.sign, placementOf, config.rulership),
  };
}
