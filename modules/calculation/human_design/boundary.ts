import type { NearBoundaryLevel } from "./schemas.ts";
import { LINE_WIDTH_DEGREES, WHEEL_START_DEGREES } from "./wheel.ts";

/** Width of each wheel division in degrees, coarsest first (a gate boundary is also a line boundary). */
const DIVISION_WIDTHS: readonly [NearBoundaryLevel, number][] = [
  ["line", LINE_WIDTH_DEGREES],
  ["color", LINE_WIDTH_DEGREES / 6],
  ["tone", LINE_WIDTH_DEGREES / 36],
  ["base", LINE_WIDTH_DEGREES / 180],
];

/** Distance in degrees from a longitude to the nearest boundary of divisions of the given width. */
export function distanceToDivisionBoundary(longitude: number, width: number): number {
  const offset = (((longitude - WHEEL_START_DEGREES) % width) + width) % width;
  return Math.min(offset, width - offset);
}

/**
 * The coarsest wheel level whose boundary lies within `boundArcsec` of the longitude, or null when even the
 * nearest base boundary is farther: then the gate, line, colour, tone and base all hold within the bound. With
 * "tone", gate, line and colour hold and tone and base may not; with "line", nothing below the gate is sure
 * (and the gate too when the boundary is a gate boundary).
 */
export function nearBoundaryLevel(longitude: number, boundArcsec: number): NearBoundaryLevel | null {
  const bound = boundArcsec / 3600;
  for (const [level, width] of DIVISION_WIDTHS) {
    if (distanceToDivisionBoundary(longitude, width) <= bound) return level;
  }
  return null;
}

/** Coarseness rank: line 0 (coarsest) … base 3. */
export const LEVEL_RANK: Readonly<Record<NearBoundaryLevel, number>> = { line: 0, color: 1, tone: 2, base: 3 };

/**
 * The coarsest level at which two wheel positions differ, or null when they agree down to the base.
 * Used to check a flag against a reference: a difference at a level coarser than the flag is a miss.
 */
export function firstDifferingLevel(
  a: { gate: number; line: number; color: number; tone: number; base: number },
  b: { gate: number; line: number; color: number; tone: number; base: number },
): NearBoundaryLevel | null {
  if (a.gate !== b.gate || a.line !== b.line) return "line";
  if (a.color !== b.color) return "color";
  if (a.tone !== b.tone) return "tone";
  if (a.base !== b.base) return "base";
  return null;
}

/** True when a flag covers an observed difference (no difference, or the flag is as coarse or coarser). */
export function flagCovers(flag: NearBoundaryLevel | null, difference: NearBoundaryLevel | null): boolean {
  if (difference === null) return true;
  return flag !== null && LEVEL_RANK[flag] <= LEVEL_RANK[difference];
}
