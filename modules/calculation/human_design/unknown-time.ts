import { valueProbabilities, type ValueProbability } from "../../confidence.ts";
import { SAMPLE_MINUTE } from "../../sky/birth-time.ts";
import type { HumanDesignData, UnknownTimeSummary } from "./schemas.ts";

type SampleChart = Omit<HumanDesignData, "unknown_time">;

/** Ties between samples are settled towards the middle of the day (12:30), the usual stand-in for an unknown time. */
const MIDDAY_SAMPLE_INDEX = 12;

export interface UnknownTimeResult {
  displayed: SampleChart;
  unknown_time: UnknownTimeSummary;
  insights: string[];
  /** Share of samples whose type, authority and profile all equal the displayed chart's (0–1). */
  confidence: number;
  notes: string[];
}

function intersection<T>(sets: readonly (readonly T[])[]): T[] {
  const [first, ...rest] = sets;
  return (first ?? []).filter((value) => rest.every((set) => set.includes(value)));
}

function combination(chart: SampleChart): string {
  return `${chart.type}|${chart.authority}|${chart.profile}`;
}

/**
 * The sample to display: among those with the most frequent (type, authority, profile) combination, the one
 * nearest midday, so the main fields are one coherent chart showing the most likely values.
 */
function displayedSampleIndex(charts: readonly SampleChart[]): number {
  const counts = new Map<string, number>();
  for (const chart of charts) counts.set(combination(chart), (counts.get(combination(chart)) ?? 0) + 1);
  const byPreference = charts
    .map((chart, index) => ({ index, count: counts.get(combination(chart)) ?? 0, distance: Math.abs(index - MIDDAY_SAMPLE_INDEX) }))
    .sort((a, b) => b.count - a.count || a.distance - b.distance || a.index - b.index);
  return byPreference[0]?.index ?? 0;
}

/**
 * Sample notes that differ only by their hh:mm label (e.g. local mean time at every hour) are merged into one
 * with "hh:mm"; a note that only one sample carries (a DST gap at 02:30) keeps its own time.
 */
function distinctSampleNotes(samples: readonly { notes: readonly string[] }[]): string[] {
  const label = new RegExp(`\\b\\d{2}:${SAMPLE_MINUTE}\\b`, "g");
  const groups = new Map<string, Set<string>>();
  for (const note of samples.flatMap((sample) => sample.notes)) {
    const key = note.replace(label, `hh:${SAMPLE_MINUTE}`);
    groups.set(key, (groups.get(key) ?? new Set()).add(note));
  }
  return [...groups.entries()].flatMap(([merged, originals]) => (originals.size > 1 ? [merged] : [...originals]));
}

function describe(label: string, probabilities: readonly ValueProbability[]): string {
  const parts = probabilities.map((entry) => `${entry.value} ${Math.round(entry.probability * 100)} %`);
  const top = probabilities[0];
  return `${label}: ${parts.join(", ")}${top ? ` (${top.confidence})` : ""}`;
}

/**
 * Summary of an unknown birth time from the charts of hourly samples of the birth day (in local clock order,
 * 00:30 … 23:30): value probabilities with confidence labels, gates and channels defined at every sample, and
 * the chart to display in the main fields.
 *
 * @param sampleTimes local clock label of each sample, same order as `charts`.
 */
export function summarizeUnknownTime(
  charts: readonly SampleChart[],
  samples: readonly { notes: readonly string[] }[],
  sampleTimes: readonly string[] = charts.map((_, hour) => `${String(hour).padStart(2, "0")}:${SAMPLE_MINUTE}`),
): UnknownTimeResult {
  const displayedIndex = displayedSampleIndex(charts);
  const displayed = charts[displayedIndex];
  if (displayed === undefined) throw new RangeError("the unknown-time mode needs at least one sample");
  const type = valueProbabilities(charts.map((chart) => chart.type));
  const authority = valueProbabilities(charts.map((chart) => chart.authority));
  const profile = valueProbabilities(charts.map((chart) => chart.profile));
  const definition = valueProbabilities(charts.map((chart) => chart.definition));
  const cross = valueProbabilities(charts.map((chart) => chart.incarnation_cross));
  const certainGates = intersection(charts.map((chart) => chart.gates));
  const everyGate = [...new Set(charts.flatMap((chart) => chart.gates))].sort((a, b) => a - b);
  const certainChannels = intersection(charts.map((chart) => chart.channels));
  const agreeing = charts.filter((chart) => combination(chart) === combination(displayed)).length;

  const unknown_time: UnknownTimeSummary = {
    samples: charts.length,
    type,
    authority,
    profile,
    definition,
    incarnation_cross: cross,
    certain_gates: certainGates,
    uncertain_gates: everyGate.filter((gate) => !certainGates.includes(gate)),
    certain_channels: certainChannels,
    displayed_sample_local_time: sampleTimes[displayedIndex] ?? "",
  };
  const insights = [
    describe("Type", type),
    describe("Authority", authority),
    describe("Profile", profile),
    certainChannels.length > 0 ? `Channels defined all day: ${certainChannels.join(", ")}` : "No channel is defined all day",
  ];
  const note =
    `Birth time unknown: the chart was computed at ${charts.length} hourly samples (hh:${SAMPLE_MINUTE} local time) of the birth day; ` +
    `the main fields show the ${unknown_time.displayed_sample_local_time} chart, which has the most frequent type, authority ` +
    `and profile (${agreeing} of ${charts.length} samples); unknown_time gives how often each type, authority, profile, ` +
    `definition and cross occurred. ${certainGates.length} gates are activated all day.`;
  return {
    displayed,
    unknown_time,
    insights,
    confidence: agreeing / charts.length,
    notes: [note, ...distinctSampleNotes(samples)],
  };
}
