import { z } from "zod";
import { byTime, NoaaTimeSchema, noaaNumberIn, parseRows, toRecords } from "./noaa-json.ts";
import type { Flare, RScale, XraySample } from "./schemas.ts";

/** GOES XRS row (`json/goes/primary/xrays-*.json`); both bands are interleaved, told apart by `energy`. */
const XrayRowSchema = z.looseObject({
  time_tag: NoaaTimeSchema,
  satellite: z.number().int().nullable().optional(),
  /** Up to 1e-2 W/m² (X100, some 35 times the largest flare on record); GOES marks gaps with negative fluxes,
   * which are dropped below rather than refused. */
  flux: noaaNumberIn(Number.NEGATIVE_INFINITY, 1e-2),
  energy: z.string(),
});

const BANDS: Record<string, XraySample["band"]> = { "0.1-0.8nm": "long", "0.05-0.4nm": "short" };

/** Parses a GOES X-ray flux product into ascending samples of both bands; missing fluxes are dropped. */
export function parseXrays(payload: unknown): XraySample[] {
  const product = "goes xrays";
  const rows = parseRows(XrayRowSchema, toRecords(payload, product), product);
  const samples: XraySample[] = [];
  for (const row of rows) {
    const band = BANDS[row.energy];
    if (band === undefined || row.flux === null || row.flux < 0) continue;
    samples.push({ time: row.time_tag, flux: row.flux, band, satellite: row.satellite ?? null });
  }
  return byTime(samples);
}

/** Class letters with the lower edge of each decade, W/m² in 0.1–0.8 nm (spaceweather.com flareexpl). */
const CLASSES = [
  { letter: "X", floor: 1e-4 },
  { letter: "M", floor: 1e-5 },
  { letter: "C", floor: 1e-6 },
  { letter: "B", floor: 1e-7 },
  { letter: "A", floor: 1e-8 },
] as const;

/**
 * Flare class of a 0.1–0.8 nm flux in W/m²: letter plus linear mantissa to one decimal (M4.2 = 4.2e-5).
 * X is open-ended (X12 = 1.2e-3, written without a decimal from 10 up). Below A1 the mantissa stays on the A
 * decade (1e-9 → A0.1).
 */
export function flareClass(flux: number): string {
  const index = CLASSES.findIndex((c) => flux >= c.floor);
  const chosen = CLASSES[index === -1 ? CLASSES.length - 1 : index] ?? CLASSES[4];
  let mantissa = Math.round((flux / chosen.floor) * 10) / 10;
  let letter: string = chosen.letter;
  // 9.96e-6 rounds to "C10.0", which is M1.0 by the definition of the decades.
  const upper = CLASSES[index - 1];
  if (mantissa >= 10 && upper !== undefined) {
    letter = upper.letter;
    mantissa = Math.round((flux / upper.floor) * 10) / 10;
  }
  return `${letter}${mantissa >= 10 ? String(mantissa) : mantissa.toFixed(1)}`;
}

/** NOAA R (radio blackout) scale of a peak 0.1–0.8 nm flux: R1 M1, R2 M5, R3 X1, R4 X10, R5 X20. */
export function rScale(flux: number): RScale {
  if (flux >= 2e-3) return "R5";
  if (flux >= 1e-3) return "R4";
  if (flux >= 1e-4) return "R3";
  if (flux >= 5e-5) return "R2";
  if (flux >= 1e-5) return "R1";
  return "none";
}

/** C1: the smallest class reported as a flare here. */
const FLARE_FLOOR = 1e-6;

/**
 * Flares of class C or above in the long band during `[at − windowMinutes, at]`: each run of consecutive
 * samples at or above C1 is one flare, reported with its peak. A gap of more than `maxGapMinutes` between
 * samples ends a run, so a data dropout never merges two flares.
 */
export function flaresInWindow(samples: XraySample[], at: Date, windowMinutes: number, maxGapMinutes = 5): Flare[] {
  const from = at.getTime() - windowMinutes * 60_000;
  const longBand = byTime(samples.filter((s) => s.band === "long"))
    .filter((s) => {
      const t = Date.parse(s.time);
      return t >= from && t <= at.getTime();
    });
  const flares: Flare[] = [];
  let run: XraySample[] = [];
  const close = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last) {
      const peak = run.reduce((best, s) => (s.flux > best.flux ? s : best), first);
      flares.push({ class: flareClass(peak.flux), peak_flux: peak.flux, peak_time: peak.time, start: first.time, end: last.time });
    }
    run = [];
  };
  for (const sample of longBand) {
    const previous = run[run.length - 1];
    const gap = previous ? (Date.parse(sample.time) - Date.parse(previous.time)) / 60_000 : 0;
    if (sample.flux >= FLARE_FLOOR && gap <= maxGapMinutes) run.push(sample);
    else {
      close();
      if (sample.flux >= FLARE_FLOOR) run.push(sample);
    }
  }
  close();
  return flares;
}
