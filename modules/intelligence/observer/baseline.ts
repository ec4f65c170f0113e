import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { phaseLookup, phaseQuarter } from "../history.ts";
import { PhaseQuarterSchema } from "../journal/schemas.ts";
import { pearson } from "../stats/correlation.ts";
import { largestDeparture } from "./group-means.ts";
import type { ObserveInput, ObserverConfig, PatternType } from "./schemas.ts";
import { reportsSymptom } from "./solar.ts";
import { inWindow, placeEntries, windowEnding } from "./timeline.ts";

const HOUR_MS = 3_600_000;
const QUARTERS = PhaseQuarterSchema.options;

/** Two-sided normal-theory p-value of Pearson's r on n pairs (Student's t with n − 2 degrees of freedom). */
export function pearsonPValue(r: number, n: number): number {
  if (n < 3) return 1;
  const t = Math.abs(r) * Math.sqrt((n - 2) / Math.max(1e-15, 1 - r * r));
  return Math.min(1, 2 * (1 - tCdf(t, n - 2)));
}

export interface BaselineFinding {
  pattern_type: PatternType;
  subject: string;
  group: string | null;
}

/**
 * The original GUTTERS observer, reproduced only to measure what the corrected observer improves on: its windows
 * and thresholds (the config's gates and sizes), the per-reading ±24 h symptom marks, Pearson's normal-theory
 * p-value at α with no correction, and group differences reported on size alone. Not used by the node.
 */
export function baselineFindings(input: ObserveInput, userId: string, at: Date, config: ObserverConfig): BaselineFinding[] {
  const entries = input.journal.filter((e) => e.user_id === userId);
  const end = at.getTime();
  const found: BaselineFinding[] = [];

  const solarWindow = windowEnding(end, config.solar.gate_days);
  const readings = input.history.solar.filter((s) => inWindow(Date.parse(s.time), solarWindow));
  const solarEntries = entries.filter((e) => inWindow(Date.parse(e.time), solarWindow));
  if (readings.length >= config.solar.min_history_points && solarEntries.length >= config.solar.min_entries) {
    const span = 24 * HOUR_MS;
    for (const symptom of config.solar.symptoms) {
      const times = solarEntries.filter((e) => reportsSymptom(e, symptom, config.solar.match_text)).map((e) => Date.parse(e.time));
      const marks = readings.map((r) => (times.some((t) => Math.abs(t - Date.parse(r.time)) <= span) ? 1 : 0));
      const r = pearson(readings.map((s) => s.kp), marks);
      if (r !== null && Math.abs(r) >= config.solar.min_abs_r && pearsonPValue(r, readings.length) < config.alpha) {
        found.push({ pattern_type: "solar_symptom", subject: symptom, group: null });
      }
    }
  }

  const lunarWindow = windowEnding(end, config.lunar.gate_days);
  const lunarPoints = input.history.lunar.filter((s) => inWindow(Date.parse(s.time), lunarWindow)).length;
  const lunarPlaced = placeEntries(entries, lunarWindow);
  if (lunarPoints >= config.lunar.min_history_points && lunarPlaced.length >= config.lunar.min_entries) {
    const phase = phaseLookup(input.history.lunar, config.lunar.max_gap_hours);
    const quarter = lunarPlaced.map((p) => {
      const angle = phase.at(Date.parse(p.entry.time));
      return angle === null ? -1 : QUARTERS.indexOf(phaseQuarter(angle));
    });
    for (const measure of config.lunar.measures) {
      const rated = lunarPlaced.map((p, i) => ({ value: p.entry[measure], group: quarter[i] as number })).filter((x) => x.value !== undefined);
      const values = rated.map((x) => x.value as number);
      const groups = rated.map((x) => x.group);
      // The original reported every group past the threshold; counting people with any finding, one suffices.
      const departure = largestDeparture(values, groups, QUARTERS.length, config.lunar.min_group_entries, "overall");
      if (departure !== null && Math.abs(departure.difference) > config.lunar.min_difference) {
        found.push({ pattern_type: "lunar_phase", subject: measure, group: QUARTERS[departure.group] ?? null });
      }
    }
  }

  const dowPlaced = placeEntries(entries, windowEnding(end, config.day_of_week.gate_days));
  if (dowPlaced.length >= config.day_of_week.min_entries) {
    const shift = config.utc_offset_minutes * 60_000;
    for (const measure of config.day_of_week.measures) {
      const rated = dowPlaced.filter((p) => p.entry[measure] !== undefined);
      const departure = largestDeparture(
        rated.map((p) => p.entry[measure] as number),
        rated.map((p) => new Date(Date.parse(p.entry.time) + shift).getUTCDay()),
        7,
        config.day_of_week.min_day_entries,
        "group_means",
      );
      if (departure !== null && Math.abs(departure.difference) > config.day_of_week.min_difference) {
        found.push({ pattern_type: "day_of_week", subject: measure, group: String(departure.group) });
      }
    }
  }
  return found;
}
