import { z } from "zod";
import { byTime, NoaaNumberSchema, NoaaTimeSchema, parseRows, toRecords } from "./noaa-json.ts";
import type { BzOrientation, MagSample, PlasmaSample } from "./schemas.ts";

/**
 * RTSW rows carry one row per spacecraft per minute; only the `active` one is the operational reading, and
 * `overall_quality` 0 means good. Legacy `products/solar-wind/*` tables have neither field and are taken as is.
 */
const RtswGateSchema = z.looseObject({
  active: z.boolean().nullable().optional(),
  overall_quality: NoaaNumberSchema.optional(),
});

function passesGate(row: z.infer<typeof RtswGateSchema>): boolean {
  if (row.active === false) return false;
  return row.overall_quality === undefined || row.overall_quality === null || row.overall_quality === 0;
}

const MagRowSchema = RtswGateSchema.extend({
  time_tag: NoaaTimeSchema,
  bx_gsm: NoaaNumberSchema.optional(),
  by_gsm: NoaaNumberSchema.optional(),
  bz_gsm: NoaaNumberSchema.optional(),
  bt: NoaaNumberSchema.optional(),
});

/** Parses magnetometer data (legacy `mag-*.json` table or RTSW `rtsw_mag_1m.json`), ascending, GSM nT. */
export function parseMag(payload: unknown): MagSample[] {
  const product = "solar-wind mag";
  const rows = parseRows(MagRowSchema, toRecords(payload, product), product);
  const samples: MagSample[] = [];
  for (const row of rows) {
    if (!passesGate(row) || row.bz_gsm === undefined || row.bz_gsm === null) continue;
    samples.push({
      time: row.time_tag,
      bx_gsm: row.bx_gsm ?? null,
      by_gsm: row.by_gsm ?? null,
      bz_gsm: row.bz_gsm,
      bt: row.bt ?? null,
    });
  }
  return byTime(samples);
}

/** Legacy names (`density`, `speed`, `temperature`) were renamed `proton_*` in RTSW (NWS SCN 26-21). */
const PlasmaRowSchema = RtswGateSchema.extend({
  time_tag: NoaaTimeSchema,
  density: NoaaNumberSchema.optional(),
  speed: NoaaNumberSchema.optional(),
  temperature: NoaaNumberSchema.optional(),
  proton_density: NoaaNumberSchema.optional(),
  proton_speed: NoaaNumberSchema.optional(),
  proton_temperature: NoaaNumberSchema.optional(),
});

/** Parses plasma data (legacy `plasma-*.json` or RTSW `rtsw_wind_1m.json`), ascending; all-null rows dropped. */
export function parsePlasma(payload: unknown): PlasmaSample[] {
  const product = "solar-wind plasma";
  const rows = parseRows(PlasmaRowSchema, toRecords(payload, product), product);
  const samples: PlasmaSample[] = [];
  for (const row of rows) {
    if (!passesGate(row)) continue;
    const sample: PlasmaSample = {
      time: row.time_tag,
      density: row.proton_density ?? row.density ?? null,
      speed: row.proton_speed ?? row.speed ?? null,
      temperature: row.proton_temperature ?? row.temperature ?? null,
    };
    if (sample.density === null && sample.speed === null && sample.temperature === null) continue;
    samples.push(sample);
  }
  return byTime(samples);
}

/**
 * Orientation of the IMF Bz (GSM, nT): southward (negative) Bz couples with Earth's field and drives storms.
 * Values within ±`neutralNt` are reported as neutral.
 */
export function bzOrientation(bz: number, neutralNt: number): BzOrientation {
  if (bz <= -neutralNt && bz < 0) return "southward";
  if (bz >= neutralNt && bz > 0) return "northward";
  return "neutral";
}
