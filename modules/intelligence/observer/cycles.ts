import { phaseLookup, phaseQuarter } from "../history.ts";
import { type JournalEntry, type LunarSample, PhaseQuarterSchema } from "../journal/schemas.ts";
import { PhaseNameSchema } from "../../tracking/lunar/schemas.ts";
import { phaseName } from "../../tracking/lunar/phases.ts";
import { largestDeparture } from "./group-means.ts";
import type { Measure, ObserverConfig, PatternType } from "./schemas.ts";
import { type PermutationPlan, permutationPValues, type TestResult } from "./test-result.ts";
import { DAY_MS, type DayMap, identityDays, inWindow, type PlacedEntry, placeEntries, type Window, windowEnding } from "./timeline.ts";

const QUARTERS = PhaseQuarterSchema.options;
const PHASES = PhaseNameSchema.options;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

interface GroupLayout {
  pattern_type: PatternType;
  /** Which grouping of the pattern this is, when it has several (lunar quarters or phases). */
  variant: string | null;
  names: readonly string[];
  minSize: number;
  minDifference: number;
  reference: "overall" | "group_means";
  /** Group index of an entry when its day is moved to `day` of the window; −1 when unknown. */
  groupOn(placed: PlacedEntry, day: number): number;
}

/**
 * One test per measure: the largest departure of a group's mean mood or energy from the reference, with a
 * block-permutation p-value on its size. Testing the largest departure (rather than each group apart) is one
 * test per measure and needs no post-hoc step.
 */
function groupTests(
  placed: readonly PlacedEntry[],
  measures: readonly Measure[],
  layout: GroupLayout,
  window: Window,
  plan: PermutationPlan,
): TestResult[] {
  const dayCount = Math.ceil(window.days);
  const perMeasure = measures.flatMap((measure) => {
    const rated = placed.filter((p) => p.entry[measure] !== undefined);
    const values = Float64Array.from(rated, (p) => p.entry[measure] as number);
    // Group of every rated entry on every day of the window, so a permutation is a table lookup.
    const table = rated.map((p) => Int8Array.from({ length: dayCount }, (_, day) => layout.groupOn(p, day)));
    const groupsUnder = (map: DayMap) => Int8Array.from(rated, (p, i) => (table[i] as Int8Array)[map[p.day] as number] as number);
    const departure = (map: DayMap) => largestDeparture(values, groupsUnder(map), layout.names.length, layout.minSize, layout.reference);
    const observed = departure(identityDays(window));
    return observed === null ? [] : [{ measure, rated, observed, departure, groupsUnder }];
  });
  const pValues = permutationPValues(
    perMeasure.map((m) => (map: DayMap) => Math.abs(m.departure(map)?.difference ?? 0)),
    window,
    plan,
  );
  return perMeasure.map((m, k) => {
    const groups = m.groupsUnder(identityDays(window));
    const difference = m.observed.difference;
    return {
      pattern_type: layout.pattern_type,
      subject: m.measure,
      group: layout.names[m.observed.group] ?? null,
      variant: layout.variant,
      statistic: Math.abs(difference),
      statistic_name: "max_abs_mean_difference",
      effect: difference,
      effect_name: "mean_difference",
      p_value_raw: pValues[k] as number,
      test: "permutation" as const,
      data_points: m.rated.length,
      window,
      evidence: m.rated.filter((_, i) => groups[i] === m.observed.group).map((p) => p.entry.id),
      large_enough: Math.abs(difference) > layout.minDifference,
      confidence: () => Math.min(Math.abs(difference) / 3, 1),
    };
  });
}

/** Mood and energy by lunar phase quarter, the phase taken from lunar history at each entry's (moved) time. */
export function lunarTests(
  entries: readonly JournalEntry[],
  lunar: readonly LunarSample[],
  window: Window,
  config: ObserverConfig,
  plan: PermutationPlan,
): TestResult[] {
  const settings = config.lunar;
  const gate = windowEnding(window.end, settings.gate_days);
  const points = lunar.filter((s) => inWindow(Date.parse(s.time), gate)).length;
  if (points < settings.min_history_points || placeEntries(entries, gate).length < settings.min_entries) return [];
  const placed = placeEntries(entries, window);
  const phase = phaseLookup(lunar, settings.max_gap_hours);
  return settings.groupings.flatMap((grouping) => {
    const names: readonly string[] = grouping === "quarter" ? QUARTERS : PHASES;
    const nameOf = grouping === "quarter" ? phaseQuarter : phaseName;
    return groupTests(placed, settings.measures, {
      pattern_type: "lunar_phase",
      variant: grouping,
      names,
      minSize: settings.min_group_entries,
      minDifference: settings.min_difference,
      reference: "overall",
      groupOn: (p, day) => {
        const angle = phase.at(window.start + day * DAY_MS + p.offset);
        return angle === null ? -1 : names.indexOf(nameOf(angle));
      },
    }, window, plan);
  });
}

/** Mood and energy by weekday in the person's configured UTC offset. */
export function dayOfWeekTests(entries: readonly JournalEntry[], window: Window, config: ObserverConfig, plan: PermutationPlan): TestResult[] {
  const settings = config.day_of_week;
  if (placeEntries(entries, windowEnding(window.end, settings.gate_days)).length < settings.min_entries) return [];
  const placed = placeEntries(entries, window);
  const shift = config.utc_offset_minutes * 60_000;
  return groupTests(placed, settings.measures, {
    pattern_type: "day_of_week",
    variant: null,
    names: WEEKDAYS,
    minSize: settings.min_day_entries,
    minDifference: settings.min_difference,
    reference: "group_means",
    groupOn: (p, day) => new Date(window.start + day * DAY_MS + p.offset + shift).getUTCDay(),
  }, window, plan);
}
