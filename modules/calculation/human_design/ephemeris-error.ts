import type { ActivationBody } from "./schemas.ts";

/** Which moment an activation belongs to: birth (personality) or the design moment. */
export type ActivationSide = "personality" | "design";

/** Date ranges over which the error bounds were measured (years, UT; start inclusive, end exclusive). */
export const MEASURED_ERAS = [
  { name: "1500-1800", from: 1500, to: 1800 },
  { name: "1800-2100", from: 1800, to: 2100 },
  { name: "2100-2200", from: 2100, to: 2200 },
] as const;
export type MeasuredEra = (typeof MEASURED_ERAS)[number]["name"];

type Bounds = Readonly<Record<ActivationBody, number>>;

/**
 * Error bound of each activation longitude against Swiss Ephemeris 2.10.03 with its DE431-based files, in
 * arcseconds: the largest error measured on the committed reference table (`bun run accuracy`: 2 400 charts
 * 1800–2100, 300 each in 1500–1800 and 2100–2200) times 1.25, rounded up. The margin covers charts the table
 * did not sample; the report fails when a measured error exceeds its bound.
 * The design side is wider for the Moon because its error adds the design-moment error (up to ≈ 70 s of
 * time, from the Sun's ≈ 2–4″) times the Moon's speed. The 1800–2100 personality Moon is raised from 10″ to 12″:
 * its error follows the ΔT difference, which grows towards 1800 (8.0″ in 1800–1825, 12.6″ in 1750–1775).
 */
export const ERROR_BOUNDS_ARCSEC: Readonly<Record<MeasuredEra, Record<ActivationSide, Bounds>>> = {
  "1500-1800": {
    personality: {
      sun: 5, earth: 5, moon: 64, north_node: 44, south_node: 44, mercury: 24, venus: 31, mars: 17, jupiter: 12,
      saturn: 18, uranus: 22, neptune: 24, pluto: 117,
    },
    design: {
      sun: 5, earth: 5, moon: 81, north_node: 41, south_node: 41, mercury: 26, venus: 25, mars: 18, jupiter: 16,
      saturn: 18, uranus: 21, neptune: 24, pluto: 118,
    },
  },
  "1800-2100": {
    personality: {
      sun: 3, earth: 3, moon: 12, north_node: 23, south_node: 23, mercury: 17, venus: 26, mars: 18, jupiter: 14,
      saturn: 17, uranus: 16, neptune: 25, pluto: 24,
    },
    design: {
      sun: 3, earth: 3, moon: 48, north_node: 27, south_node: 27, mercury: 15, venus: 29, mars: 17, jupiter: 14,
      saturn: 17, uranus: 16, neptune: 25, pluto: 25,
    },
  },
  "2100-2200": {
    personality: {
      sun: 3, earth: 3, moon: 7, north_node: 29, south_node: 29, mercury: 12, venus: 16, mars: 14, jupiter: 13,
      saturn: 16, uranus: 12, neptune: 22, pluto: 37,
    },
    design: {
      sun: 3, earth: 3, moon: 37, north_node: 32, south_node: 32, mercury: 15, venus: 14, mars: 9, jupiter: 14,
      saturn: 17, uranus: 12, neptune: 22, pluto: 36,
    },
  },
};

/**
 * Outside 1500–2200 nothing was measured; astronomy-engine drifts there (the Moon by up to 10′ before 1500), so
 * the nearest era's bounds are widened this many times. A guess made explicit, and said so in the notes.
 */
export const UNMEASURED_ERA_FACTOR = 4;

/** The measured era containing an instant, or null outside 1500–2200. */
export function measuredEraOf(at: Date): MeasuredEra | null {
  const year = at.getUTCFullYear();
  return MEASURED_ERAS.find((era) => year >= era.from && year < era.to)?.name ?? null;
}

/** Error bound (arcseconds) of one activation's longitude at an instant. */
export function errorBoundArcsec(side: ActivationSide, body: ActivationBody, at: Date): number {
  const era = measuredEraOf(at);
  if (era !== null) return ERROR_BOUNDS_ARCSEC[era][side][body];
  const nearest = at.getUTCFullYear() < 1500 ? "1500-1800" : "2100-2200";
  return ERROR_BOUNDS_ARCSEC[nearest][side][body] * UNMEASURED_ERA_FACTOR;
}
