import { DEG, normalizeDegrees } from "../../sky/angles.ts";

/** House systems offered to users. */
export const HOUSE_SYSTEMS = ["placidus", "koch", "whole_sign", "equal", "porphyry", "regiomontanus", "campanus"] as const;
export type HouseSystem = (typeof HOUSE_SYSTEMS)[number];
/** Systems defined at every latitude, usable when Placidus or Koch fail near the poles. */
export const POLAR_FALLBACKS = ["porphyry", "equal", "whole_sign", "regiomontanus", "campanus"] as const;
export type PolarFallback = (typeof POLAR_FALLBACKS)[number];

/** The local sky frame a house calculation needs, all in degrees. */
export interface HouseFrame {
  /** Right ascension of the meridian (local apparent sidereal time × 15), [0, 360). */
  armc: number;
  /** True obliquity of the ecliptic. */
  obliquity: number;
  /** Geographic latitude, north positive. */
  latitude: number;
}

export interface ChartAngles {
  ascendant: number;
  midheaven: number;
  descendant: number;
  imum_coeli: number;
  vertex: number;
}

type Vec3 = [number, number, number];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/**
 * Ecliptic longitude where the ecliptic meets the great circle that crosses the equator at right ascension
 * `ra` with pole height `poleHeight` (degrees). Pole height 0 gives meridian-like circles (the MC for ra = ARMC),
 * the geographic latitude with ra = ARMC + 90° gives the ascendant.
 */
export function eclipticIntersection(ra: number, poleHeight: number, obliquity: number): number {
  const a = ra * DEG;
  const e = obliquity * DEG;
  return normalizeDegrees(Math.atan2(Math.sin(a), Math.cos(a) * Math.cos(e) - Math.tan(poleHeight * DEG) * Math.sin(e)) / DEG);
}

/** Ascendant: eastern intersection of ecliptic and horizon, degrees [0, 360). */
export function ascendantAt(armc: number, obliquity: number, latitude: number): number {
  return eclipticIntersection(armc + 90, latitude, obliquity);
}

/** Unit vectors of the local sky in equatorial coordinates of date. */
function localVectors(frame: HouseFrame) {
  const r = frame.armc * DEG;
  const f = frame.latitude * DEG;
  const e = frame.obliquity * DEG;
  return {
    zenith: [Math.cos(f) * Math.cos(r), Math.cos(f) * Math.sin(r), Math.sin(f)] as Vec3,
    north: [-Math.sin(f) * Math.cos(r), -Math.sin(f) * Math.sin(r), Math.cos(f)] as Vec3,
    east: [-Math.sin(r), Math.cos(r), 0] as Vec3,
    meridianEquator: [Math.cos(r), Math.sin(r), 0] as Vec3,
    eclipticPole: [0, -Math.sin(e), Math.cos(e)] as Vec3,
    obliquity: e,
  };
}

function eclipticLongitudeOf(v: Vec3, obliquity: number): number {
  const y = v[1] * Math.cos(obliquity) + v[2] * Math.sin(obliquity);
  return normalizeDegrees(Math.atan2(y, v[0]) / DEG);
}

/**
 * Ecliptic longitude where the ecliptic crosses the half great circle that runs from the north point of the
 * horizon through `through` to the south point (the house circles of Regiomontanus and Campanus).
 */
function cuspOnHorizonCircle(frame: HouseFrame, through: Vec3): number {
  const sky = localVectors(frame);
  const pole = cross(sky.north, through);
  let v = cross(sky.eclipticPole, pole);
  // Keep the intersection on the half of the circle that contains `through` (not the one opposite).
  if (dot(v, through) - dot(v, sky.north) * dot(through, sky.north) < 0) v = [-v[0], -v[1], -v[2]];
  return eclipticLongitudeOf(v, sky.obliquity);
}

/**
 * Ascendant, midheaven (upper meridian), their opposites and the vertex (western intersection of the ecliptic
 * with the prime vertical), degrees [0, 360) on the ecliptic of date.
 */
export function chartAngles(frame: HouseFrame): ChartAngles {
  const ascendant = ascendantAt(frame.armc, frame.obliquity, frame.latitude);
  const midheaven = eclipticIntersection(frame.armc, 0, frame.obliquity);
  const sky = localVectors(frame);
  // The prime vertical's pole is the north point of the horizon.
  let v = cross(sky.eclipticPole, sky.north);
  if (dot(v, sky.east) > 0) v = [-v[0], -v[1], -v[2]];
  return {
    ascendant,
    midheaven,
    descendant: normalizeDegrees(ascendant + 180),
    imum_coeli: normalizeDegrees(midheaven + 180),
    vertex: eclipticLongitudeOf(v, sky.obliquity),
  };
}

/** Twelve cusps from the six eastern ones (10, 11, 12, 1, 2, 3); the western six are opposite. */
function fromEasternCusps(c10: number, c11: number, c12: number, c1: number, c2: number, c3: number): number[] {
  const opposite = (c: number) => c + 180;
  return [c1, c2, c3, opposite(c10), opposite(c11), opposite(c12), opposite(c1), opposite(c2), opposite(c3), c10, c11, c12].map(
    normalizeDegrees,
  );
}

/** Ascensional difference asin(tan φ tan δ) in degrees, or null where the point never rises or never sets. */
function ascensionalDifference(latitude: number, declination: number): number | null {
  const x = Math.tan(latitude * DEG) * Math.tan(declination * DEG);
  return Math.abs(x) >= 1 ? null : Math.asin(x) / DEG;
}

function declinationOfLongitude(longitude: number, obliquity: number): number {
  return Math.asin(Math.sin(obliquity * DEG) * Math.sin(longitude * DEG)) / DEG;
}

/** Bisection steps: the bracket is at most 120° wide, so 50 halvings leave ~1e-13°, far below any ephemeris error. */
const BISECTION_STEPS = 50;

/**
 * True where every ecliptic point rises and sets, i.e. strictly inside the polar circles (|φ| < 90° − ε). There
 * Placidus and Koch are defined at every sidereal time; beyond it some ecliptic degrees never rise or never set
 * and both systems are declared undefined (as Swiss Ephemeris does), so the chart falls back.
 */
export function semiArcSystemsDefined(frame: HouseFrame): boolean {
  return Math.abs(frame.latitude) < 90 - frame.obliquity;
}

/**
 * Placidus cusp: the ecliptic point whose right ascension lies the given fraction of its own semi-arc from the
 * meridian. `fraction` 1/3, 2/3 above the horizon (houses 11, 12) use the diurnal semi-arc east of the upper
 * meridian; `below` cusps (2, 3) the nocturnal semi-arc west of the lower meridian.
 *
 * Solved by bisection on the hour-angle offset x from the meridian: g(x) = x − fraction·(semi-arc at x) is
 * ≤ 0 at x = 0 and ≥ 0 at x = 180°·fraction, because a semi-arc lies within [0°, 180°]. A fixed-point
 * iteration is not enough: near the polar circle the semi-arc changes faster than the offset (|g′| > 1) and
 * the iteration oscillates without converging, even though the cusp exists.
 */
function placidusCusp(frame: HouseFrame, fraction: number, below: boolean): number {
  const raAt = (x: number) => (below ? frame.armc + 180 - x : frame.armc + x);
  const g = (x: number) => {
    const declination = declinationOfLongitude(eclipticIntersection(raAt(x), 0, frame.obliquity), frame.obliquity);
    // Defined for every ecliptic point inside the polar circles (checked by the caller); 0 only as a type guard.
    const ad = ascensionalDifference(frame.latitude, declination) ?? 0;
    return x - fraction * (below ? 90 - ad : 90 + ad);
  };
  let low = 0;
  let high = 180 * fraction;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = (low + high) / 2;
    if (g(middle) < 0) low = middle;
    else high = middle;
  }
  return eclipticIntersection(raAt((low + high) / 2), 0, frame.obliquity);
}

/** Cusps 1–12 (degrees [0, 360)) in a house system, or null where the system is undefined (polar latitudes). */
export function houseCusps(system: HouseSystem, frame: HouseFrame, angles: ChartAngles = chartAngles(frame)): number[] | null {
  const { ascendant: asc, midheaven: mc } = angles;
  switch (system) {
    case "equal":
      return Array.from({ length: 12 }, (_, i) => normalizeDegrees(asc + 30 * i));
    case "whole_sign": {
      const first = Math.floor(normalizeDegrees(asc) / 30) * 30;
      return Array.from({ length: 12 }, (_, i) => normalizeDegrees(first + 30 * i));
    }
    case "porphyry": {
      const ic = normalizeDegrees(mc + 180);
      const lower = normalizeDegrees(ic - asc); // arc of houses 1–3
      const upper = 180 - lower; // arc of houses 10–12
      return fromEasternCusps(mc, mc + upper / 3, mc + (2 * upper) / 3, asc, asc + lower / 3, asc + (2 * lower) / 3);
    }
    case "regiomontanus": {
      const sky = localVectors(frame);
      const equatorPoint = (h: number): Vec3 => {
        const [c, s] = [Math.cos(h * DEG), Math.sin(h * DEG)];
        return [c * sky.meridianEquator[0] + s * sky.east[0], c * sky.meridianEquator[1] + s * sky.east[1], 0];
      };
      const cusp = (h: number) => cuspOnHorizonCircle(frame, equatorPoint(h));
      return fromEasternCusps(mc, cusp(30), cusp(60), asc, cusp(120), cusp(150));
    }
    case "campanus": {
      const sky = localVectors(frame);
      const primeVerticalPoint = (h: number): Vec3 => {
        const [c, s] = [Math.cos(h * DEG), Math.sin(h * DEG)];
        return [c * sky.zenith[0] + s * sky.east[0], c * sky.zenith[1] + s * sky.east[1], c * sky.zenith[2] + s * sky.east[2]];
      };
      const cusp = (h: number) => cuspOnHorizonCircle(frame, primeVerticalPoint(h));
      return fromEasternCusps(mc, cusp(30), cusp(60), asc, cusp(120), cusp(150));
    }
    case "placidus": {
      if (!semiArcSystemsDefined(frame)) return null;
      const cusp = (fraction: number, below: boolean) => placidusCusp(frame, fraction, below);
      return fromEasternCusps(mc, cusp(1 / 3, false), cusp(2 / 3, false), asc, cusp(2 / 3, true), cusp(1 / 3, true));
    }
    case "koch": {
      // Koch trisects the time the MC degree takes from rising to culminating: cusps are ascendants of those moments.
      const ad = ascensionalDifference(frame.latitude, declinationOfLongitude(mc, frame.obliquity));
      if (ad === null || !semiArcSystemsDefined(frame)) return null;
      const third = (90 + ad) / 3;
      const ascAt = (steps: number) => ascendantAt(frame.armc + steps * third, frame.obliquity, frame.latitude);
      return fromEasternCusps(mc, ascAt(-2), ascAt(-1), asc, ascAt(1), ascAt(2));
    }
  }
}

/**
 * House (1–12) of an ecliptic longitude for the given cusps: the house whose cusp the point has passed last,
 * counting in the order of the signs.
 */
export function houseOf(longitude: number, cusps: readonly number[]): number {
  for (let i = 0; i < 12; i++) {
    const start = cusps[i] ?? 0;
    const end = cusps[(i + 1) % 12] ?? 0;
    const span = normalizeDegrees(end - start);
    if (normalizeDegrees(longitude - start) < span) return i + 1;
  }
  return 1; // only reachable for degenerate cusps (all equal)
}
