import { eraAccuracyNote } from "../../sky/era-accuracy.ts";
import type { HumanDesignData } from "./schemas.ts";

/**
 * Notes on what the ephemeris error puts at risk: activations whose gate or line is within the error bound of
 * a boundary, the chart fields that depend on them, and the accuracy of the era when outside 1800–2100.
 */
export function ephemerisNotes(data: Pick<HumanDesignData, "personality" | "design" | "fields_at_risk" | "birth_time_utc">): string[] {
  const notes: string[] = [];
  const atLine = [
    ...data.personality.filter((a) => a.near_boundary === "line").map((a) => `personality.${a.body}`),
    ...data.design.filter((a) => a.near_boundary === "line").map((a) => `design.${a.body}`),
  ];
  if (atLine.length > 0) {
    notes.push(`Within the ephemeris error of a line boundary (gate or line not certain): ${atLine.join(", ")}.`);
  }
  if (data.fields_at_risk.length > 0) {
    notes.push(`These fields depend on activations near a boundary and may read otherwise: ${data.fields_at_risk.join(", ")}.`);
  }
  const era = eraAccuracyNote(new Date(data.birth_time_utc));
  if (era !== null) notes.push(era);
  return notes;
}
