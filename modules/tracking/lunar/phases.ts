import { normalizeDegrees, signedDegreeDifference } from "../../sky/angles.ts";
import { bodyPosition, type EclipticPosition } from "../../sky/ephemeris.ts";
import { findZeroCrossing } from "../../sky/search.ts";
import { type PhaseName, PhaseNameSchema, type PrincipalPhase } from "./schemas.ts";

const RAD = Math.PI / 180;
export const PHASE_TARGETS: Readonly<Record<PrincipalPhase, number>> = { new_moon: 0, first_quarter: 90, full_moon: 180, last_quarter: 270 };
const NAMES: readonly PhaseName[] = PhaseNameSchema.options;

/** Moon − Sun apparent ecliptic longitude, degrees [0, 360); below 180 the Moon waxes. */
export function phaseAngle(moon: EclipticPosition, sun: EclipticPosition): number {
  return normalizeDegrees(moon.longitude - sun.longitude);
}

/** One of eight names, each a 45° sector centred on its phase angle (new moon = 337.5°–22.5°). */
export function phaseName(angle: number): PhaseName {
  return NAMES[Math.floor(normalizeDegrees(angle + 22.5) / 45) % 8] ?? "new_moon";
}

/**
 * Illuminated fraction of the lunar disc, 0–1 (Meeus, Astronomical Algorithms, ch. 48): geocentric elongation ψ
 * from both longitudes and the Moon's latitude, phase angle i at the Moon from ψ and the two distances, k = (1 +
 * cos i) / 2.
 */
export function illumination(moon: EclipticPosition, sun: EclipticPosition): number {
  const cosPsi = Math.cos(moon.latitude * RAD) * Math.cos((moon.longitude - sun.longitude) * RAD);
  const psi = Math.acos(Math.max(-1, Math.min(1, cosPsi)));
  const i = Math.atan2(sun.distance_au * Math.sin(psi), moon.distance_au - sun.distance_au * Math.cos(psi));
  return (1 + Math.cos(i)) / 2;
}

/**
 * First instant strictly after `after` when the phase angle reaches the principal phase's target, searched over
 * 31 days (longer than a synodic month) and bisected to `toleranceSeconds`.
 */
export function nextPhase(phase: PrincipalPhase, after: Date, stepHours: number, toleranceSeconds: number): Date {
  const target = PHASE_TARGETS[phase];
  const f = (at: Date) =>
    signedDegreeDifference(bodyPosition("moon", at).longitude - bodyPosition("sun", at).longitude, target);
  const start = new Date(after.getTime() + 1000);
  const found = findZeroCrossing(f, start, new Date(start.getTime() + 31 * 86_400_000), { stepHours, toleranceSeconds });
  if (found === null) throw new Error(`no ${phase} within 31 days of ${after.toISOString()}`);
  return found;
}

/** The next new moon, first quarter, full moon and last quarter, each the first strictly after `after`. */
export function nextPhases(after: Date, stepHours: number, toleranceSeconds: number): Record<PrincipalPhase, Date> {
  return {
    new_moon: nextPhase("new_moon", after, stepHours, toleranceSeconds),
    first_quarter: nextPhase("first_quarter", after, stepHours, toleranceSeconds),
    full_moon: nextPhase("full_moon", after, stepHours, toleranceSeconds),
    last_quarter: nextPhase("last_quarter", after, stepHours, toleranceSeconds),
  };
}

/** Every principal phase in [from, to), sorted. */
export function phasesInWindow(from: Date, to: Date, stepHours: number, toleranceSeconds: number): { phase: PrincipalPhase; time: Date }[] {
  const found: { phase: PrincipalPhase; time: Date }[] = [];
  for (const phase of Object.keys(PHASE_TARGETS) as PrincipalPhase[]) {
    let cursor = new Date(from.getTime() - 1000);
    for (;;) {
      const time = nextPhase(phase, cursor, stepHours, toleranceSeconds);
      if (time.getTime() >= to.getTime()) break;
      found.push({ phase, time });
      cursor = time;
    }
  }
  return found.sort((a, b) => a.time.getTime() - b.time.getTime());
}
