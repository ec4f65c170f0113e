import { crossName } from "./crosses.ts";
import type { CrossAngle, IncarnationCross } from "./schemas.ts";

/** Line themes used in profile names. */
const LINE_NAMES: readonly string[] = ["Investigator", "Hermit", "Martyr", "Opportunist", "Heretic", "Role Model"];

/** The 12 profiles that occur (the design Sun is 88° behind, so its line is fixed relative to the personality's). */
export const PROFILES: readonly string[] = ["1/3", "1/4", "2/4", "2/5", "3/5", "3/6", "4/6", "4/1", "5/1", "5/2", "6/2", "6/3"];

/** "5/1" from the personality and design Sun lines (1–6 each). */
export function profileOf(personalitySunLine: number, designSunLine: number): string {
  return `${personalitySunLine}/${designSunLine}`;
}

/** "Heretic / Investigator" for "5/1". */
export function profileName(profile: string): string {
  const [conscious, unconscious] = profile.split("/").map((line) => LINE_NAMES[Number(line) - 1]);
  if (conscious === undefined || unconscious === undefined) throw new RangeError(`not a profile: ${profile}`);
  return `${conscious} / ${unconscious}`;
}

/**
 * Angle of the incarnation cross from the profile: right angle for 1/3 to 4/6, juxtaposition for 4/1,
 * left angle for 5/1 to 6/3. The unreachable combinations fall back by the personality line alone.
 */
export function crossAngleOf(profile: string): CrossAngle {
  if (profile === "4/1") return "Juxtaposition";
  return Number(profile[0]) >= 5 ? "Left Angle" : "Right Angle";
}

export interface CrossGates {
  personality_sun: number;
  personality_earth: number;
  design_sun: number;
  design_earth: number;
}

/** The incarnation cross from the four Sun/Earth gates and the profile. */
export function incarnationCrossOf(gates: CrossGates, profile: string): IncarnationCross {
  const angle = crossAngleOf(profile);
  const { name, variant } = crossName(angle, gates.personality_sun);
  return { name, angle, variant, ...gates };
}

/** "Right Angle Cross of Tension (38/39 | 48/21)". */
export function crossLabel(cross: IncarnationCross): string {
  return `${cross.name} (${cross.personality_sun}/${cross.personality_earth} | ${cross.design_sun}/${cross.design_earth})`;
}
