import { z } from "zod";
import { byTime, NoaaTimeSchema, noaaNumberIn, parseRows, toRecords } from "./noaa-json.ts";
import type { GScale, KpSample } from "./schemas.ts";

/** Kp is defined on 0–9 (thirds as decimals). */
const KpValueSchema = noaaNumberIn(0, 9);

/** `json/planetary_k_index_1m.json` row; `estimated_kp` (thirds as decimals) is preferred over `kp_index`. */
const Kp1mRowSchema = z.looseObject({
  time_tag: NoaaTimeSchema,
  kp_index: KpValueSchema.optional(),
  estimated_kp: KpValueSchema.optional(),
});

/** `products/noaa-planetary-k-index.json`: capital `Kp` in both the legacy table and the 2026 objects. The
 * forecast sibling uses lowercase `kp`; both are read so a swapped URL still yields values. */
const Kp3hRowSchema = z.looseObject({
  time_tag: NoaaTimeSchema,
  Kp: KpValueSchema.optional(),
  kp: KpValueSchema.optional(),
  observed: z.string().nullable().optional(),
  noaa_scale: z.string().nullable().optional(),
});

function clampKp(value: number): number {
  return Math.min(9, Math.max(0, value));
}

/** Parses the 1-minute estimated Kp feed into ascending samples; rows without a value are dropped. */
export function parseKp1m(payload: unknown): KpSample[] {
  const product = "planetary_k_index_1m";
  const rows = parseRows(Kp1mRowSchema, toRecords(payload, product), product);
  const samples: KpSample[] = [];
  for (const row of rows) {
    const kp = row.estimated_kp ?? row.kp_index ?? null;
    if (kp !== null) samples.push({ time: row.time_tag, kp });
  }
  return byTime(samples);
}

/** Parses the 3-hour planetary Kp product (legacy header-row table or objects) or its forecast sibling. */
export function parseKp3h(payload: unknown): KpSample[] {
  const product = "noaa-planetary-k-index";
  const rows = parseRows(Kp3hRowSchema, toRecords(payload, product), product);
  const samples: KpSample[] = [];
  for (const row of rows) {
    const kp = row.Kp ?? row.kp ?? null;
    if (kp === null) continue;
    const sample: KpSample = { time: row.time_tag, kp };
    if (row.observed) sample.observed = row.observed;
    if (row.noaa_scale !== undefined) sample.noaa_scale = row.noaa_scale;
    samples.push(sample);
  }
  return byTime(samples);
}

/**
 * NOAA G-scale for a Kp value (decimal thirds: 4.67 = 5−, 5.33 = 5+). G1 Kp 5, G2 6, G3 7, G4 8 and 9−,
 * G5 9 (AMS Glossary "G-scale"; NOAA Space Weather Scales). A "minus" third counts as the next integer, as
 * SWPC alerted 6.67 as K7/G3; the one exception is 9−, which NOAA lists under G4, so plain rounding is wrong
 * there. Scale definitions, not tunable thresholds, so they are constants.
 */
export function gScale(kp: number): GScale {
  const thirds = Math.round(clampKp(kp) * 3);
  const level = thirds === 26 ? 8 : Math.round(thirds / 3);
  const g = Math.min(5, Math.max(0, level - 4));
  return `G${g}` as GScale;
}

const WINDOW_MS = 3 * 3600_000;

/**
 * Storm level from the 1-minute Kp at `at`: the maximum over the current 3-hour UT window and `previousWindows`
 * before it. The 1-minute value restarts near 0 at each window start (00, 03 … 21 UT), so the newest sample
 * alone would hide a storm under way. Samples after `at` are ignored. Null when no sample falls in range.
 */
export function kpStormLevel(samples: KpSample[], at: Date, previousWindows: number): number | null {
  const windowStart = Math.floor(at.getTime() / WINDOW_MS) * WINDOW_MS;
  const from = windowStart - previousWindows * WINDOW_MS;
  let level: number | null = null;
  for (const sample of samples) {
    const t = Date.parse(sample.time);
    if (t < from || t > at.getTime()) continue;
    level = level === null ? sample.kp : Math.max(level, sample.kp);
  }
  return level;
}

/** The newest sample at or before `at` (feeds may be unsorted; this never trusts the last row). */
export function latestAt<T extends { time: string }>(samples: T[], at: Date): T | null {
  let best: T | null = null;
  for (const sample of samples) {
    const t = Date.parse(sample.time);
    if (t > at.getTime()) continue;
    if (best === null || t > Date.parse(best.time)) best = sample;
  }
  return best;
}
