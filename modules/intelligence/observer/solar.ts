import type { JournalEntry, KpSample } from "../journal/schemas.ts";
import { pearson } from "../stats/correlation.ts";
import type { ObserverConfig } from "./schemas.ts";
import { type PermutationPlan, permutationPValues, type TestResult } from "./test-result.ts";
import {
  calendarDay,
  DAY_MS,
  type DayMap,
  identityDays,
  inWindow,
  movedTime,
  type PlacedEntry,
  placeEntries,
  type Window,
  windowEnding,
} from "./timeline.ts";

/** Whether an entry reports a symptom: in `symptoms[]`, or (when configured) as a whole word of its text. */
export function reportsSymptom(entry: JournalEntry, symptom: string, matchText: boolean): boolean {
  if (entry.symptoms?.includes(symptom)) return true;
  if (!matchText) return false;
  const escaped = symptom.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`\\b${escaped}\\b`, "i").test(entry.text);
}

/** Highest Kp of each local calendar day. */
function dailyMaxKp(readings: readonly KpSample[], utcOffsetMinutes: number): Map<number, number> {
  const max = new Map<number, number>();
  for (const r of readings) {
    const day = calendarDay(Date.parse(r.time), utcOffsetMinutes);
    max.set(day, Math.max(max.get(day) ?? 0, r.kp));
  }
  return max;
}

/**
 * The paired daily series under a day arrangement: for each local day with an entry, whether the symptom was
 * reported (0/1) and the highest Kp `lag` days earlier; days without a Kp reading then are left out.
 */
function series(placed: readonly PlacedEntry[], reports: readonly boolean[], kpByDay: Map<number, number>, lag: number, window: Window, map: DayMap, offset: number) {
  const reported = new Map<number, number>();
  for (let i = 0; i < placed.length; i++) {
    const day = calendarDay(movedTime(placed[i] as PlacedEntry, window, map), offset);
    reported.set(day, Math.max(reported.get(day) ?? 0, reports[i] ? 1 : 0));
  }
  const kp: number[] = [];
  const symptom: number[] = [];
  const days: number[] = [];
  for (const [day, value] of reported) {
    const exposure = kpByDay.get(day - lag);
    if (exposure === undefined) continue;
    kp.push(exposure);
    symptom.push(value);
    days.push(day);
  }
  return { kp, symptom, days };
}

/**
 * Solar–symptom tests: for each configured symptom reported in the window and each lag, Pearson r (the
 * point-biserial correlation) between the day's 0/1 "symptom reported" and the highest Kp `lag` days before,
 * over the days with entries, with a block-permutation p-value on |r|: the normal-theory p-value of a 0/1
 * series with few events is unreliable. Days rather than the original's per-reading ±24 h marks: a mark
 * spreads one entry over two days of readings, which blurs a relation that has a lag. Gates: the original's
 * minimum readings and entries in the last `gate_days`.
 */
export function solarTests(
  entries: readonly JournalEntry[],
  solar: readonly KpSample[],
  window: Window,
  config: ObserverConfig,
  plan: PermutationPlan,
): TestResult[] {
  const settings = config.solar;
  const gate = windowEnding(window.end, settings.gate_days);
  const recentReadings = solar.filter((s) => inWindow(Date.parse(s.time), gate)).length;
  const recentEntries = entries.filter((e) => inWindow(Date.parse(e.time), gate)).length;
  if (recentReadings < settings.min_history_points || recentEntries < settings.min_entries) return [];
  const offset = config.utc_offset_minutes;
  // Readings from before the window count too: the longest lag looks that many days back from its first day.
  const lookBack = (Math.max(...settings.lags_days) + 1) * DAY_MS;
  const kpByDay = dailyMaxKp(solar.filter((s) => inWindow(Date.parse(s.time), { ...window, start: window.start - lookBack })), offset);
  const placed = placeEntries(entries, window);
  const identity = identityDays(window);

  const candidates = settings.symptoms.flatMap((symptom) => {
    const reports = placed.map((p) => reportsSymptom(p.entry, symptom, settings.match_text));
    if (!reports.includes(true)) return [];
    return settings.lags_days.flatMap((lag) => {
      const correlation = (map: DayMap) => {
        const s = series(placed, reports, kpByDay, lag, window, map, offset);
        return pearson(s.kp, s.symptom);
      };
      const r = correlation(identity);
      return r === null ? [] : [{ symptom, lag, reports, r, correlation }];
    });
  });
  const pValues = permutationPValues(
    candidates.map((c) => (map: DayMap) => Math.abs(c.correlation(map) ?? 0)),
    window,
    plan,
  );

  return candidates.map((c, k) => {
    const s = series(placed, c.reports, kpByDay, c.lag, window, identity, offset);
    const rate = (storm: boolean) => {
      const picked = s.symptom.filter((_, i) => ((s.kp[i] as number) >= settings.storm_kp) === storm);
      return picked.length === 0 ? 0 : picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    // Support: entries reporting the symptom on storm-exposed days when it rises with Kp, on quiet days when it falls.
    const exposedDays = new Set(s.days.filter((_, i) => ((s.kp[i] as number) >= settings.storm_kp) === c.r > 0));
    const supporting = placed.filter((p, i) => c.reports[i] && exposedDays.has(calendarDay(Date.parse(p.entry.time), offset)));
    const n = s.symptom.length;
    return {
      pattern_type: "solar_symptom" as const,
      subject: c.symptom,
      group: `lag_${c.lag}d`,
      variant: `lag_${c.lag}d`,
      statistic: c.r,
      statistic_name: "pearson_r",
      effect: rate(true) - rate(false),
      effect_name: "symptom_rate_difference",
      p_value_raw: pValues[k] as number,
      test: "permutation" as const,
      data_points: n,
      window,
      evidence: supporting.map((p) => p.entry.id),
      large_enough: Math.abs(c.r) >= settings.min_abs_r,
      // The original's formula (its 0.05 is the configured α) on the test's own p-value, as the original had it;
      // whether the finding is reported at all is decided by the adjusted p-value.
      confidence: () => {
        const p = pValues[k] as number;
        return Math.abs(c.r) * (0.5 + 0.5 * (1 - Math.min(p, config.alpha) / config.alpha)) * Math.min(n / 30, 1);
      },
    };
  });
}
