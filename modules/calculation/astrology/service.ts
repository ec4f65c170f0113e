import type { BirthData } from "../../birth-data.ts";
import type { CalculationResult } from "../../contract.ts";
import { resolveBirthInstant } from "../../sky/birth-time.ts";
import { eraAccuracyNote } from "../../sky/era-accuracy.ts";
import { calculateNatalChart } from "./chart.ts";
import type { AstrologyConfig, AstrologyData } from "./schemas.ts";
import { insightSentences } from "./summary.ts";
import { unknownTimeChart } from "./unknown-time.ts";

export { calculateNatalChart, chartPositions, houseFrame, resolveHouses, type NatalChart } from "./chart.ts";
export { chartAngles, houseCusps, houseOf, ascendantAt, HOUSE_SYSTEMS, type HouseFrame, type HouseSystem } from "./houses.ts";
export { findAspects, type AspectingPoint } from "./aspects.ts";
export { ayanamsaDegrees } from "./zodiac.ts";

/**
 * The astrology calculation: birth data → natal chart. With a birth time, an exact chart (`accuracy: "full"`);
 * without one, the probabilistic 24-sample mode (DESIGN.md §3). Throws ValidationError for local times that do
 * not exist or are ambiguous in the birth zone.
 */
export function calculateAstrology(birth: BirthData, config: AstrologyConfig): CalculationResult<AstrologyData> {
  if (birth.time === undefined) {
    const { data, notes } = unknownTimeChart(birth, config);
    const era = eraAccuracyNote(new Date(data.instant_utc));
    const rising = data.unknown_time?.rising_sign[0];
    return {
      data,
      insights: insightSentences(data),
      // The most likely rising sign's share: how much of the time-dependent chart the samples agree on.
      confidence: rising?.probability ?? 0,
      accuracy: "probabilistic",
      notes: era === null ? notes : [...notes, era],
    };
  }
  const resolved = resolveBirthInstant(birth);
  const chart = calculateNatalChart(resolved.utc, birth.latitude, birth.longitude, config);
  const data: AstrologyData = {
    ...chart,
    time_known: true,
    utc_offset_minutes: resolved.offset_minutes,
    offset_source: resolved.offset_source,
    unknown_time: null,
  };
  const notes = [...resolved.notes];
  if (chart.polar_fallback_used) {
    notes.push(`${config.house_system} houses are undefined at latitude ${birth.latitude}°; ${chart.house_system} houses are used instead.`);
  }
  const era = eraAccuracyNote(resolved.utc);
  if (era !== null) notes.push(era);
  const nearBoundary = chart.bodies.filter((b) => b.near_boundary).map((b) => b.name);
  if (nearBoundary.length > 0) notes.push(`Within ${config.near_boundary_arcmin}′ of a sign boundary: ${nearBoundary.join(", ")}.`);
  return { data, insights: insightSentences(data), confidence: 1, accuracy: "full", notes };
}
