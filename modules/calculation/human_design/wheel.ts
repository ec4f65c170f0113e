import type { WheelPosition } from "./schemas.ts";

/** Tropical longitude (degrees) at which gate 41 line 1 begins: 2°00′ Aquarius. */
export const WHEEL_START_DEGREES = 302;
export const GATE_WIDTH_DEGREES = 360 / 64;
export const LINE_WIDTH_DEGREES = GATE_WIDTH_DEGREES / 6;

/** Gates in wheel order from 302°, increasing longitude (calculation-notes.md, three calculators agree). */
export const GATE_ORDER: readonly number[] = [
  41, 19, 13, 49, 30, 55, 37, 63, 22, 36, 25, 17, 21, 51, 42, 3, 27, 24, 2, 23, 8, 20, 16, 35, 45, 12, 15, 52, 39, 53,
  62, 56, 31, 33, 7, 4, 29, 59, 40, 64, 47, 6, 46, 18, 48, 57, 32, 50, 28, 44, 1, 43, 14, 34, 9, 5, 26, 11, 10, 58,
  38, 54, 61, 60,
];

const LINES_PER_GATE = 6;
const COLORS_PER_LINE = 6;
const TONES_PER_COLOR = 6;
const BASES_PER_TONE = 5;
const BASES_PER_GATE = LINES_PER_GATE * COLORS_PER_LINE * TONES_PER_COLOR * BASES_PER_TONE;
/** Bases per degree: 64 × 1080 / 360 = 192 exactly, so boundaries that are binary fractions stay exact. */
const BASES_PER_DEGREE = (64 * BASES_PER_GATE) / 360;

function degreesFromWheelStart(longitude: number): number {
  const offset = (longitude - WHEEL_START_DEGREES) % 360;
  return offset < 0 ? offset + 360 : offset;
}

/**
 * Gate, line, colour, tone and base of a tropical ecliptic longitude on the standard wheel.
 *
 * @param longitude degrees, any real value (wrapped into 0–360); tropical ecliptic of date.
 * @param marginArcmin a longitude within this many arcminutes of a line boundary is `within_line_margin`.
 * A longitude exactly on a boundary belongs to the division that starts there.
 */
export function wheelPosition(longitude: number, marginArcmin = 1): WheelPosition {
  const fromStart = degreesFromWheelStart(longitude);
  // Counting in whole bases keeps the boundary arithmetic in integers, so 3.875° is 17.1, not 25.6.
  const baseIndex = Math.min(Math.floor(fromStart * BASES_PER_DEGREE), 64 * BASES_PER_GATE - 1);
  const gateIndex = Math.floor(baseIndex / BASES_PER_GATE);
  const withinGate = baseIndex % BASES_PER_GATE;
  const basesPerLine = BASES_PER_GATE / LINES_PER_GATE;
  const basesPerColor = basesPerLine / COLORS_PER_LINE;
  const withinLine = withinGate % basesPerLine;
  const withinColor = withinLine % basesPerColor;

  const intoLine = fromStart % LINE_WIDTH_DEGREES;
  const boundaryDistanceDegrees = Math.min(intoLine, LINE_WIDTH_DEGREES - intoLine);
  const boundaryDistanceArcmin = boundaryDistanceDegrees * 60;
  return {
    gate: GATE_ORDER[gateIndex] ?? GATE_ORDER[0]!,
    line: Math.floor(withinGate / basesPerLine) + 1,
    color: Math.floor(withinLine / basesPerColor) + 1,
    tone: Math.floor(withinColor / BASES_PER_TONE) + 1,
    base: (withinColor % BASES_PER_TONE) + 1,
    line_boundary_distance_arcmin: boundaryDistanceArcmin,
    within_line_margin: boundaryDistanceArcmin < marginArcmin,
  };
}

/** Longitude (degrees 0–360) at which a gate begins on the wheel. */
export function gateStartLongitude(gate: number): number {
  const index = GATE_ORDER.indexOf(gate);
  if (index < 0) throw new RangeError(`no gate ${gate} on the wheel`);
  return (WHEEL_START_DEGREES + index * GATE_WIDTH_DEGREES) % 360;
}

/** The "gate.line" label used by published charts. */
export function gateLineLabel(position: Pick<WheelPosition, "gate" | "line">): string {
  return `${position.gate}.${position.line}`;
}
