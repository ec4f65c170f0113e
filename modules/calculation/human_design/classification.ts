import { areConnected, MOTOR_CENTERS } from "./bodygraph.ts";
import type { Authority, CenterName, HumanDesignType } from "./schemas.ts";

type Groups = readonly (readonly CenterName[])[];

function isDefined(groups: Groups, center: CenterName): boolean {
  return groups.some((group) => group.includes(center));
}

/** True when any motor reaches the throat through any chain of defined channels, whatever centres lie between. */
export function motorConnectedToThroat(groups: Groups): boolean {
  return MOTOR_CENTERS.some((motor) => areConnected(groups, motor, "throat"));
}

/**
 * Type from the connected groups of defined centres: no defined centre → Reflector; sacral defined → Generator,
 * or Manifesting Generator when a motor reaches the throat; otherwise Manifestor when a motor reaches the
 * throat, else Projector.
 */
export function typeOf(groups: Groups): HumanDesignType {
  if (groups.length === 0) return "Reflector";
  const manifesting = motorConnectedToThroat(groups);
  if (isDefined(groups, "sacral")) return manifesting ? "Manifesting Generator" : "Generator";
  return manifesting ? "Manifestor" : "Projector";
}

/**
 * Inner authority, first match wins: solar plexus, sacral, spleen, heart (Ego Manifested when it reaches the
 * throat, else Ego Projected), g reaching the throat (Self-Projected), otherwise Mental; a Reflector is Lunar.
 */
export function authorityOf(groups: Groups): Authority {
  if (groups.length === 0) return "Lunar";
  if (isDefined(groups, "solar_plexus")) return "Emotional";
  if (isDefined(groups, "sacral")) return "Sacral";
  if (isDefined(groups, "spleen")) return "Splenic";
  if (isDefined(groups, "heart")) return areConnected(groups, "heart", "throat") ? "Ego Manifested" : "Ego Projected";
  if (areConnected(groups, "g", "throat")) return "Self-Projected";
  return "Mental";
}

interface TypeTheme {
  strategy: string;
  signature: string;
  not_self_theme: string;
}

/** Strategy, signature and not-self theme of each type, as the system's own texts name them. */
export const TYPE_THEMES: Readonly<Record<HumanDesignType, TypeTheme>> = {
  Generator: { strategy: "To Respond", signature: "Satisfaction", not_self_theme: "Frustration" },
  "Manifesting Generator": { strategy: "To Respond", signature: "Satisfaction", not_self_theme: "Frustration" },
  Projector: { strategy: "Wait for the Invitation", signature: "Success", not_self_theme: "Bitterness" },
  Manifestor: { strategy: "To Inform", signature: "Peace", not_self_theme: "Anger" },
  Reflector: { strategy: "Wait a Lunar Cycle", signature: "Surprise", not_self_theme: "Disappointment" },
};
