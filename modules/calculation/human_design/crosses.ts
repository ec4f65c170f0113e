import type { CrossAngle } from "./schemas.ts";

/*
 * Incarnation cross names by angle and personality Sun gate. Source of the table (names, and which gate
 * each numbered variant starts from): CReizner/SharpAstrology.HumanDesign, Enums/IncarnationCross.cs at
 * commit 0416e3362952b76a1d116f22861a999564c1b4f8, 192 crosses = 64 gates × 3 angles. Other calculators
 * number the variants of a family differently, so the displayed name carries the four gates instead of
 * the number (the Jovian Archive / MyBodyGraph style); the number is kept in the detail.
 */

/** Right angle families: the personality Sun gate of variants 1–4. */
const RIGHT_ANGLE_FAMILIES: readonly (readonly [string, readonly [number, number, number, number]])[] = [
  ["Consciousness", [63, 35, 64, 5]],
  ["Contagion", [30, 8, 29, 14]],
  ["Eden", [36, 12, 6, 11]],
  ["Explanation", [49, 23, 4, 43]],
  ["Laws", [3, 56, 50, 60]],
  ["Maya", [42, 62, 32, 61]],
  ["Penetration", [51, 53, 57, 54]],
  ["Planning", [37, 16, 40, 9]],
  ["Rulership", [22, 45, 47, 26]],
  ["Service", [17, 52, 18, 58]],
  ["Tension", [21, 39, 48, 38]],
  ["the Vessel of Love", [25, 15, 46, 10]],
  ["the Four Ways", [24, 33, 44, 19]],
  ["the Sleeping Phoenix", [55, 20, 59, 34]],
  ["the Sphinx", [13, 2, 7, 1]],
  ["the Unexpected", [27, 31, 28, 41]],
];

/** Left angle families: the personality Sun gate of variants 1 and 2. */
const LEFT_ANGLE_FAMILIES: readonly (readonly [string, readonly [number, number]])[] = [
  ["Alignment", [27, 28]],
  ["Confrontation", [45, 26]],
  ["Cycles", [53, 54]],
  ["Dedication", [23, 43]],
  ["Defiance", [2, 1]],
  ["Demands", [52, 58]],
  ["Distraction", [56, 60]],
  ["Dominion", [63, 64]],
  ["Duality", [20, 34]],
  ["Education", [12, 11]],
  ["Endeavour", [21, 48]],
  ["Healing", [25, 46]],
  ["Identification", [16, 9]],
  ["Incarnation", [24, 44]],
  ["Individualism", [39, 38]],
  ["Industry", [30, 29]],
  ["Informing", [22, 47]],
  ["Limitation", [42, 32]],
  ["Masks", [13, 7]],
  ["Migration", [37, 40]],
  ["Obscuration", [62, 61]],
  ["Prevention", [15, 10]],
  ["Refinement", [33, 19]],
  ["Revolution", [49, 4]],
  ["Separation", [35, 5]],
  ["Spirit", [55, 59]],
  ["the Alpha", [31, 41]],
  ["the Clarion", [51, 57]],
  ["the Plane", [36, 6]],
  ["Uncertainty", [8, 14]],
  ["Upheaval", [17, 18]],
  ["Wishes", [3, 50]],
];

/** Juxtaposition crosses: one per personality Sun gate. */
const JUXTAPOSITION_NAMES: Readonly<Record<number, string>> = {
  1: "Self-Expression", 2: "the Driver", 3: "Mutation", 4: "Formulization", 5: "Habits", 6: "Conflict",
  7: "Interaction", 8: "Contribution", 9: "Focus", 10: "Behavior", 11: "Ideas", 12: "Articulation",
  13: "Listening", 14: "Empowering", 15: "Extremes", 16: "Experimentation", 17: "Opinions", 18: "Correction",
  19: "Need", 20: "the Now", 21: "Control", 22: "Grace", 23: "Assimilation", 24: "Rationalization",
  25: "Innocence", 26: "the Trickster", 27: "Caring", 28: "Risks", 29: "Commitment", 30: "Fates",
  31: "Influence", 32: "Conservation", 33: "Retreat", 34: "Power", 35: "Experience", 36: "Crisis",
  37: "Bargains", 38: "Opposition", 39: "Provocation", 40: "Denial", 41: "Fantasy", 42: "Completion",
  43: "Insight", 44: "Alertness", 45: "Possession", 46: "Serendipity", 47: "Oppression", 48: "Depth",
  49: "Principles", 50: "Values", 51: "Shock", 52: "Stillness", 53: "Beginnings", 54: "Ambition",
  55: "Moods", 56: "Stimulation", 57: "Intuition", 58: "Vitality", 59: "Strategy", 60: "Limitation",
  61: "Thinking", 62: "Detail", 63: "Doubts", 64: "Confusion",
};

export interface CrossName {
  /** e.g. "Right Angle Cross of Tension". */
  name: string;
  variant: number;
}

function indexFamilies(families: readonly (readonly [string, readonly number[]])[]): Map<number, [string, number]> {
  const byGate = new Map<number, [string, number]>();
  for (const [family, gates] of families) gates.forEach((gate, index) => byGate.set(gate, [family, index + 1]));
  return byGate;
}

const RIGHT_ANGLE_BY_GATE = indexFamilies(RIGHT_ANGLE_FAMILIES);
const LEFT_ANGLE_BY_GATE = indexFamilies(LEFT_ANGLE_FAMILIES);

/** Name of the incarnation cross that a personality Sun gate (1–64) starts at the given angle. */
export function crossName(angle: CrossAngle, personalitySunGate: number): CrossName {
  if (angle === "Juxtaposition") {
    const family = JUXTAPOSITION_NAMES[personalitySunGate];
    if (family === undefined) throw new RangeError(`no gate ${personalitySunGate}`);
    return { name: `Juxtaposition Cross of ${family}`, variant: 1 };
  }
  const entry = (angle === "Right Angle" ? RIGHT_ANGLE_BY_GATE : LEFT_ANGLE_BY_GATE).get(personalitySunGate);
  if (entry === undefined) throw new RangeError(`no gate ${personalitySunGate}`);
  return { name: `${angle} Cross of ${entry[0]}`, variant: entry[1] };
}
