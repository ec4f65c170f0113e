import {
  AstroTime,
  Body,
  GeoMoon,
  GeoVector,
  HelioState,
  MakeTime,
  Rotation_EQJ_ECT,
  SiderealTime,
  e_tilt,
  type RotationMatrix,
} from "astronomy-engine";
import { BODY_NAMES, ENGINE_BODY, type BodyName } from "./bodies.ts";
import { DEG, normalizeDegrees } from "./angles.ts";
import { installDeltaTModel } from "./delta-t.ts";

// Every UT → TT conversion below (and in any module that imports the sky) uses the observed-ΔT model.
installDeltaTModel();

/**
 * A geocentric position on the true ecliptic and equinox of date.
 * `longitude` [0, 360) and `latitude` [−90, 90] in degrees, `distance_au` in astronomical units (0 for the lunar
 * nodes, which are directions), `speed` = rate of change of longitude in degrees per day (negative = retrograde).
 */
export interface EclipticPosition {
  longitude: number;
  latitude: number;
  distance_au: number;
  speed: number;
}

type Vec3 = readonly [number, number, number];

/** General precession in longitude, IAU 2006 (5028.796″ per Julian century), in degrees per day. */
const PRECESSION_DEG_PER_DAY = 5028.796195 / 3600 / 36525;
/** Light travel time per astronomical unit, in days (IAU 2012: 1 au / c = 499.004784 s). */
const LIGHT_DAYS_PER_AU = 499.004783836 / 86400;
/** Heliocentric gravitational parameter k² (Gaussian constant squared), AU³/day². */
const SUN_GM = 0.01720209895 ** 2;
/** Half-step of the Moon's central difference, in days (86 s: truncation and rounding errors both below 1e-8). */
const MOON_STEP_DAYS = 1e-3;

/** astronomy-engine's time object for an instant; the ΔT model is installed before any is built. */
export function skyTime(at: Date | AstroTime): AstroTime {
  return at instanceof AstroTime ? at : MakeTime(at);
}

function rotate(m: RotationMatrix, v: Vec3): Vec3 {
  const r = m.rot;
  return [
    (r[0]?.[0] ?? 0) * v[0] + (r[1]?.[0] ?? 0) * v[1] + (r[2]?.[0] ?? 0) * v[2],
    (r[0]?.[1] ?? 0) * v[0] + (r[1]?.[1] ?? 0) * v[1] + (r[2]?.[1] ?? 0) * v[2],
    (r[0]?.[2] ?? 0) * v[0] + (r[1]?.[2] ?? 0) * v[1] + (r[2]?.[2] ?? 0) * v[2],
  ];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Spherical ecliptic coordinates and longitude rate of a position/velocity pair already in the ecliptic of date. */
function eclipticFromState(r: Vec3, v: Vec3): EclipticPosition {
  const xy2 = r[0] * r[0] + r[1] * r[1];
  // The ecliptic-of-date frame turns with precession, so a fixed direction gains longitude at that rate.
  const inertialRate = (r[0] * v[1] - r[1] * v[0]) / xy2 / DEG;
  return {
    longitude: normalizeDegrees(Math.atan2(r[1], r[0]) / DEG),
    latitude: Math.atan2(r[2], Math.sqrt(xy2)) / DEG,
    distance_au: Math.hypot(r[0], r[1], r[2]),
    speed: inertialRate + PRECESSION_DEG_PER_DAY,
  };
}

/** What every body of one instant shares: the time, the EQJ → ecliptic-of-date rotation and the Earth's velocity. */
interface InstantFrame {
  time: AstroTime;
  toEcliptic: RotationMatrix;
  earthPosition: Vec3;
  earthVelocity: Vec3;
}

function frameAt(time: AstroTime): InstantFrame {
  const earth = HelioState(Body.Earth, time);
  return {
    time,
    toEcliptic: Rotation_EQJ_ECT(time),
    earthPosition: [earth.x, earth.y, earth.z],
    earthVelocity: [earth.vx, earth.vy, earth.vz],
  };
}

/** The Earth's heliocentric velocity `days` earlier, stepping back along the Sun's pull (enough for light times). */
function earlierEarthVelocity(frame: InstantFrame, days: number): Vec3 {
  const [x, y, z] = frame.earthPosition;
  const k = (days * SUN_GM) / Math.hypot(x, y, z) ** 3;
  const v = frame.earthVelocity;
  return [v[0] + k * x, v[1] + k * y, v[2] + k * z];
}

function planetPosition(body: Exclude<BodyName, "moon">, frame: InstantFrame): EclipticPosition {
  const engineBody = ENGINE_BODY[body];
  // Apparent direction: astronomy-engine backdates the body by light time and the Earth likewise, which
  // applies annual aberration to first order (calculation-notes.md: omitting it costs 0.35′).
  const apparent = GeoVector(engineBody, frame.time, true);
  const r: Vec3 = [apparent.x, apparent.y, apparent.z];
  // That vector is body(t − τ) − earth(t − τ), so its rate is the relative velocity at t − τ times (1 − dτ/dt).
  // Taking the velocities at t instead would put Mercury's rate 2″/day off and its stations minutes late.
  const distance = Math.hypot(r[0], r[1], r[2]);
  const lightTime = distance * LIGHT_DAYS_PER_AU;
  const e = earlierEarthVelocity(frame, lightTime);
  let relative: Vec3;
  if (body === "sun") {
    relative = [-e[0], -e[1], -e[2]];
  } else {
    const s = HelioState(engineBody, frame.time.AddDays(-lightTime));
    relative = [s.vx - e[0], s.vy - e[1], s.vz - e[2]];
  }
  const lightTimeRate = ((r[0] * relative[0] + r[1] * relative[1] + r[2] * relative[2]) / distance) * LIGHT_DAYS_PER_AU;
  const velocity: Vec3 = [relative[0] * (1 - lightTimeRate), relative[1] * (1 - lightTimeRate), relative[2] * (1 - lightTimeRate)];
  return eclipticFromState(rotate(frame.toEcliptic, r), rotate(frame.toEcliptic, velocity));
}

/**
 * The Moon's geocentric position and velocity (EQJ, AU and AU/day) by central differences, and the Sun's tidal
 * acceleration on it, which is all of r × a (the Earth's central pull adds nothing to it; the planets' share is
 * below 1 % of the Sun's).
 */
function moonState(frame: InstantFrame): { r: Vec3; v: Vec3; a: Vec3 } {
  const before = GeoMoon(frame.time.AddDays(-MOON_STEP_DAYS));
  const after = GeoMoon(frame.time.AddDays(MOON_STEP_DAYS));
  const h = MOON_STEP_DAYS;
  const r: Vec3 = [(after.x + before.x) / 2, (after.y + before.y) / 2, (after.z + before.z) / 2];
  const sun: Vec3 = [-frame.earthPosition[0], -frame.earthPosition[1], -frame.earthPosition[2]];
  const toSun: Vec3 = [sun[0] - r[0], sun[1] - r[1], sun[2] - r[2]];
  const dMoon = Math.hypot(toSun[0], toSun[1], toSun[2]) ** 3;
  const dEarth = Math.hypot(sun[0], sun[1], sun[2]) ** 3;
  return {
    r,
    v: [(after.x - before.x) / (2 * h), (after.y - before.y) / (2 * h), (after.z - before.z) / (2 * h)],
    a: [
      SUN_GM * (toSun[0] / dMoon - sun[0] / dEarth),
      SUN_GM * (toSun[1] / dMoon - sun[1] / dEarth),
      SUN_GM * (toSun[2] / dMoon - sun[2] / dEarth),
    ],
  };
}

interface MoonAndNode {
  moon: EclipticPosition;
  trueNode: EclipticPosition;
}

function moonAndTrueNode(frame: InstantFrame): MoonAndNode {
  const { r, v, a } = moonState(frame);
  // Seen from the Earth's centre, light time and annual aberration of the Moon cancel to first order except for
  // the Moon's own motion during the 1.3 s of light time (0.7″), so the apparent Moon is r(t − τ).
  const lightTime = Math.hypot(r[0], r[1], r[2]) * LIGHT_DAYS_PER_AU;
  const apparent: Vec3 = [r[0] - v[0] * lightTime, r[1] - v[1] * lightTime, r[2] - v[2] * lightTime];
  const moon = eclipticFromState(rotate(frame.toEcliptic, apparent), rotate(frame.toEcliptic, v));
  // Osculating node: the ascending node of the plane normal to h = r × v. Its rate follows from dh/dt = r × a
  // (the central force adds nothing to r × a), so no second ephemeris call is needed.
  const h = rotate(frame.toEcliptic, cross(r, v));
  const hRate = rotate(frame.toEcliptic, cross(r, a));
  const planar = h[0] * h[0] + h[1] * h[1];
  const trueNode: EclipticPosition = {
    longitude: normalizeDegrees(Math.atan2(h[0], -h[1]) / DEG),
    latitude: 0,
    distance_au: 0,
    speed: (h[0] * hRate[1] - h[1] * hRate[0]) / planar / DEG + PRECESSION_DEG_PER_DAY,
  };
  return { moon, trueNode };
}

/**
 * Mean lunar ascending node: Meeus, Astronomical Algorithms (2nd ed.), eq. 47.7, referred to the true equinox of
 * date by adding the nutation in longitude so that it shares the frame of every other chart point.
 */
function meanNodeAt(time: AstroTime): EclipticPosition {
  const t = time.tt / 36525;
  const omega = 125.0445479 - 1934.1362891 * t + 0.0020754 * t * t + (t * t * t) / 467441 - (t * t * t * t) / 60616000;
  const rate = (-1934.1362891 + 2 * 0.0020754 * t + (3 * t * t) / 467441 - (4 * t * t * t) / 60616000) / 36525;
  return { longitude: normalizeDegrees(omega + e_tilt(time).dpsi / 3600), latitude: 0, distance_au: 0, speed: rate };
}

/**
 * Geocentric apparent position of a body on the true ecliptic and equinox of date (light time, aberration,
 * precession and nutation applied) at a UT instant, with its longitude rate in degrees per day.
 */
export function bodyPosition(body: BodyName, at: Date | AstroTime): EclipticPosition {
  const frame = frameAt(skyTime(at));
  return body === "moon" ? moonAndTrueNode(frame).moon : planetPosition(body, frame);
}

/**
 * The Moon's north (ascending) node on the true ecliptic of date, degrees [0, 360), speed in degrees per day.
 * `true`: osculating node of the Moon's geocentric orbit (from its state vector); `mean`: Meeus eq. 47.7.
 */
export function lunarNode(kind: "true" | "mean", at: Date | AstroTime): EclipticPosition {
  const time = skyTime(at);
  return kind === "mean" ? meanNodeAt(time) : moonAndTrueNode(frameAt(time)).trueNode;
}

/** True obliquity of the ecliptic (mean obliquity + nutation in obliquity), degrees, about 23.44. */
export function eclipticObliquity(at: Date | AstroTime): number {
  return e_tilt(skyTime(at)).tobl;
}

/** Greenwich apparent sidereal time (GAST, IAU 2006 with the equation of the equinoxes), hours [0, 24). */
export function greenwichApparentSiderealHours(at: Date | AstroTime): number {
  return SiderealTime(skyTime(at));
}

/** Everything a chart needs from the ephemeris at one instant, computed with shared intermediate results. */
export interface SkySnapshot {
  bodies: Record<BodyName, EclipticPosition>;
  true_node: EclipticPosition;
  mean_node: EclipticPosition;
  /** True obliquity, degrees. */
  obliquity: number;
  /** GAST, hours [0, 24). */
  gast_hours: number;
}

/** All ten bodies, both nodes, the true obliquity and GAST at one UT instant (one frame, one Moon evaluation). */
export function skySnapshot(at: Date | AstroTime): SkySnapshot {
  const time = skyTime(at);
  const frame = frameAt(time);
  const { moon, trueNode } = moonAndTrueNode(frame);
  const bodies = {} as Record<BodyName, EclipticPosition>;
  for (const name of BODY_NAMES) bodies[name] = name === "moon" ? moon : planetPosition(name, frame);
  return {
    bodies,
    true_node: trueNode,
    mean_node: meanNodeAt(time),
    obliquity: e_tilt(time).tobl,
    gast_hours: SiderealTime(time),
  };
}
