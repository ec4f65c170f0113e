import { z } from "zod";
import type { TrackingOccurrence } from "../../contract.ts";
import { gScale } from "./kp.ts";
import { byTime } from "./noaa-json.ts";
import type { GScale, KpSample, SolarFeedState, XraySample } from "./schemas.ts";
import { flareClass, rScale } from "./xray.ts";

const MINUTE_MS = 60_000;
const KP_WINDOW_MS = 3 * 3_600_000;

/** Flare class letters an alert can be raised for, with the 0.1–0.8 nm flux at which each starts (W/m²). */
export const FlareLetterSchema = z.enum(["C", "M", "X"]);
export type FlareLetter = z.infer<typeof FlareLetterSchema>;
const FLARE_FLOORS: Readonly<Record<FlareLetter, number>> = { C: 1e-6, M: 1e-5, X: 1e-4 };
/** G levels a storm event can be raised for (G0 is no storm). */
export const StormLevelSchema = z.enum(["G1", "G2", "G3", "G4", "G5"]);

export interface SolarOccurrenceOptions {
  minClass: FlareLetter;
  minLevel: z.infer<typeof StormLevelSchema>;
  /** Readings reach the feeds minutes after their time stamp, so events are taken from (windowStart −
   * lookback, at]; the keys make the overlap with earlier ticks harmless. */
  lookbackMinutes: number;
}

function minuteLabel(ms: number): string {
  return `${new Date(Math.round(ms / MINUTE_MS) * MINUTE_MS).toISOString().slice(0, 16)}Z`;
}

/** Same key layout as the sky modules: type, what, UTC minute, `/`-separated. */
function occurrenceKey(type: string, parts: readonly string[], ms: number): string {
  return [type, ...parts.map((part) => encodeURIComponent(part)), minuteLabel(ms)].join("/");
}

/**
 * `cosmic.solar.alert` each time the long-band (0.1–0.8 nm) X-ray flux rises through the floor of a class at or
 * above `minClass` (M1, X1…), stamped with the first sample at or above it, the way SWPC's "X-ray flux exceeded"
 * alerts give the time the threshold was reached. That instant is fixed once observed, whereas a flare's peak
 * keeps moving while it rises and its start depends on how much of the feed is in view, so it keys the event:
 * one alert per flare and class, an M flare growing to X giving a second one. A feed that begins above the
 * floor tells nothing about when it was crossed and gives no alert.
 */
export function flareOccurrences(
  xray: readonly XraySample[],
  from: Date,
  at: Date,
  minClass: FlareLetter,
): TrackingOccurrence[] {
  const long = byTime(xray.filter((s) => s.band === "long" && Date.parse(s.time) <= at.getTime()));
  const letters = FlareLetterSchema.options.slice(FlareLetterSchema.options.indexOf(minClass));
  const found: TrackingOccurrence[] = [];
  for (const letter of letters) {
    const floor = FLARE_FLOORS[letter];
    for (let i = 1; i < long.length; i++) {
      const previous = long[i - 1];
      const sample = long[i];
      if (!previous || !sample || previous.flux >= floor || sample.flux < floor) continue;
      const ms = Date.parse(sample.time);
      if (ms <= from.getTime()) continue;
      // The rest of this run above C1 is the flare as far as it has been observed.
      let peak = sample;
      for (let j = i + 1; j < long.length; j++) {
        const next = long[j];
        if (!next || next.flux < FLARE_FLOORS.C) break;
        if (next.flux > peak.flux) peak = next;
      }
      found.push({
        key: occurrenceKey("cosmic.solar.alert", ["flare", letter], ms),
        type: "cosmic.solar.alert",
        time: sample.time,
        data: {
          kind: "flare",
          threshold: `${letter}1.0`,
          class: flareClass(peak.flux),
          peak_flux: peak.flux,
          peak_time: peak.time,
          r_scale: rScale(peak.flux),
        },
      });
    }
  }
  return found;
}

/**
 * `cosmic.storm.detected` each time the Kp of a 3-hour UT window (00, 03 … 21) first reaches a G level at or
 * above `minLevel`, keyed by that window's start and the level: the same storm window is published once per
 * level, however many ticks see it. `oneMinute` samples are running estimates stamped when measured; a 3-hour
 * sample is stamped with its window's start but only known at its end, which is when the level is reached.
 * Forecast rows (`predicted`) are not detections and are skipped.
 */
export function stormOccurrences(
  samples: readonly KpSample[],
  oneMinute: boolean,
  from: Date,
  at: Date,
  minLevel: z.infer<typeof StormLevelSchema>,
): TrackingOccurrence[] {
  const minimum = Number(minLevel.slice(1));
  const reached = new Map<number, number>();
  const found: TrackingOccurrence[] = [];
  for (const sample of byTime(samples.filter((s) => s.observed !== "predicted"))) {
    const stamp = Date.parse(sample.time);
    const windowStart = Math.floor(stamp / KP_WINDOW_MS) * KP_WINDOW_MS;
    const ms = oneMinute ? stamp : windowStart + KP_WINDOW_MS;
    if (ms > at.getTime()) continue;
    const level = Number(gScale(sample.kp).slice(1));
    const before = reached.get(windowStart) ?? 0;
    if (level <= before) continue;
    reached.set(windowStart, level);
    if (level < minimum || ms <= from.getTime()) continue;
    const g = `G${level}` as GScale;
    const time = new Date(ms).toISOString();
    found.push({
      key: occurrenceKey("cosmic.storm.detected", [g], windowStart),
      type: "cosmic.storm.detected",
      time,
      data: { g_scale: g, kp: sample.kp, kp_window_start: new Date(windowStart).toISOString(), source: oneMinute ? "kp_1m" : "kp_3h" },
    });
  }
  return found;
}

/**
 * The solar events of a tick from the products fetched fresh on this round only: a stale product repeats what an
 * earlier round already reported, and a missing one reports nothing, so no event is ever made up from old or
 * absent data. The 3-hour Kp stands in for the 1-minute feed when that one is not fresh.
 */
export function solarOccurrences(state: SolarFeedState, windowStart: Date, at: Date, options: SolarOccurrenceOptions): TrackingOccurrence[] {
  if (at.getTime() <= windowStart.getTime()) return [];
  const from = new Date(windowStart.getTime() - options.lookbackMinutes * MINUTE_MS);
  const found: TrackingOccurrence[] = [];
  if (state.status.xray.freshness === "fresh") found.push(...flareOccurrences(state.readings.xray, from, at, options.minClass));
  const kp1m = state.status.kp_1m.freshness === "fresh" && state.readings.kp_1m.length > 0;
  if (kp1m) found.push(...stormOccurrences(state.readings.kp_1m, true, from, at, options.minLevel));
  else if (state.status.kp_3h.freshness === "fresh") {
    found.push(...stormOccurrences(state.readings.kp_3h, false, from, at, options.minLevel));
  }
  return found.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
