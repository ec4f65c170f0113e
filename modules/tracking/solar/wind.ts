import { z } from "zod";
import { byTime, NoaaNumberSchema, NoaaTimeSchema, noaaNumberIn, parseRows, toRecords } from "./noaa-json.ts";
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

/** Physical bounds, generous by an order of magnitude over the largest values on record (IMF ≈ 100 nT, wind
 * ≈ 3000 km/s, density ≈ 200 cm⁻³, temperature ≈ 10⁷ K): beyond them a feed is broken, not stormy. */
const FieldNtSchema = noaaNumberIn(-1000, 1000);
const SpeedSchema = noaaNumberIn(0, 10_000);
const DensitySchema = noaaNumberIn(0, 10_000);
const TemperatureSchema = noaaNumberIn(0, 1e9);

const MagRowSchema = RtswGateSchema.extend({
  time_tag: NoaaTimeSchema,
  bx_gsm: FieldNtSchema.optional(),
  by_gsm: FieldNtSchema.optional(),
  bz_gsm: FieldNtSchema.optional(),
  bt: noaaNumberIn(0, 1000).optional(),
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
  density: DensitySchema.optional(),
  speed: SpeedSchema.optional(),
  temperature: TemperatureSchema.optional(),
  proton_density: DensitySchema.optional(),
  proton_speed: SpeedSchema.optional(),
  proton_temperature: TemperatureSchema.optional(),
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
