import type { BirthData } from "../../birth-data.ts";
import type { CalculationResult } from "../../contract.ts";
import { resolveBirthInstant, sampleBirthInstants } from "../../sky/birth-time.ts";
import { activationsAt, DESIGN_SOLAR_ARC_DEGREES, designMoment } from "./activations.ts";
import { classifyChart } from "./chart.ts";
import { fieldsAtRisk } from "./dependent-fields.ts";
import { ephemerisNotes } from "./ephemeris-notes.ts";
import type { HumanDesignConfig, HumanDesignData } from "./schemas.ts";
import { summarizeUnknownTime } from "./unknown-time.ts";

/** The conventions a reader needs to compare this chart with another calculator's. */
export const CONVENTIONS: HumanDesignData["conventions"] = {
  heart_without_throat_authority: "Ego Projected",
  wheel: "tropical; gate 41 line 1 begins at 302° (2°00′ Aquarius); gates 5.625°, lines 0.9375°",
  design_moment: `apparent geocentric Sun longitude = natal Sun − ${DESIGN_SOLAR_ARC_DEGREES}° (solar arc)`,
};

const AUTHORITY_NOTE =
  'A defined heart not connected to the throat gives authority "Ego Projected" (some calculators print "Self" for it).';

/**
 * The full bodygraph for a birth instant: design moment, 26 activations, channels, centres, type, authority,
 * profile and cross. Pure apart from the ephemeris, which is itself a pure function of the instant.
 *
 * @param birthUtc birth instant (UT).
 */
export function bodygraphAt(birthUtc: Date, config: HumanDesignConfig): Omit<HumanDesignData, "unknown_time"> {
  const personality = activationsAt(birthUtc, config.node_type, config.near_boundary_arcmin, "personality");
  const natalSun = personality[0]?.longitude;
  const designUtc = designMoment(birthUtc, natalSun);
  const design = activationsAt(designUtc, config.node_type, config.near_boundary_arcmin, "design");
  const nearBoundary = [
    ...personality.filter((activation) => activation.within_line_margin).map((activation) => `personality.${activation.body}`),
    ...design.filter((activation) => activation.within_line_margin).map((activation) => `design.${activation.body}`),
  ];
  return {
    ...classifyChart(personality, design),
    personality,
    design,
    birth_time_utc: birthUtc.toISOString(),
    design_time: designUtc.toISOString(),
    node_type: config.node_type,
    near_boundary: nearBoundary,
    fields_at_risk: fieldsAtRisk(personality, design),
    conventions: CONVENTIONS,
  };
}

function chartInsights(data: HumanDesignData): string[] {
  return [
    `${data.type}: strategy "${data.strategy}", signature ${data.signature}, not-self theme ${data.not_self_theme}`,
    `Authority: ${data.authority}`,
    `Profile ${data.profile} (${data.profile_name})`,
    data.channels.length > 0 ? `Defined channels: ${data.channels.join(", ")}` : "No defined channels",
    `Definition: ${data.definition}`,
    `Incarnation cross: ${data.incarnation_cross}`,
  ];
}

function nearBoundaryNote(data: HumanDesignData, marginArcmin: number): string[] {
  if (data.near_boundary.length === 0) return [];
  return [
    `Within ${marginArcmin}′ of a line boundary (a few minutes of birth time could change the line): ${data.near_boundary.join(", ")}.`,
  ];
}

/**
 * Human Design chart for birth data. With a birth time: the exact chart (`accuracy` "full"). Without one:
 * the chart of 12:30 local time plus type, authority, profile, definition and cross probabilities over 24
 * hourly samples (hh:30) of the birth day, and the gates certain all day (`accuracy` "probabilistic").
 * @throws ValidationError (path "time") for a local time that does not exist or is ambiguous in the zone.
 */
export function calculateHumanDesign(birth: BirthData, config: HumanDesignConfig): CalculationResult<HumanDesignData> {
  if (birth.time !== undefined) {
    const instant = resolveBirthInstant(birth);
    const data: HumanDesignData = bodygraphAt(instant.utc, config);
    return {
      data,
      insights: chartInsights(data),
      confidence: 1,
      accuracy: "full",
      notes: [...instant.notes, ...nearBoundaryNote(data, config.near_boundary_arcmin), ...ephemerisNotes(data), AUTHORITY_NOTE],
    };
  }
  const samples = sampleBirthInstants(birth);
  const charts = samples.map((sample) => bodygraphAt(sample.utc, config));
  const summary = summarizeUnknownTime(charts, samples);
  const data: HumanDesignData = { ...summary.displayed, unknown_time: summary.unknown_time };
  return {
    data,
    insights: summary.insights,
    confidence: summary.confidence,
    accuracy: "probabilistic",
    notes: [...summary.notes, ...ephemerisNotes(data), AUTHORITY_NOTE],
  };
}
