import { z } from "zod";
import { feedAllowHosts } from "../../../config/feed-hosts.ts";
import { feedUrlProblem } from "./feed-url.ts";

/** A URL the node may fetch (DESIGN.md §11): `https:`, no private address unless the environment allows the
 * host. The allowlist is read from the environment at each check, so a stored config cannot widen it. */
const FeedUrlSchema = z.url().superRefine((url, ctx) => {
  const problem = feedUrlProblem(url, feedAllowHosts());
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

const SWPC = "https://services.swpc.noaa.gov/";

/** Where the solar tracker reads NOAA SWPC products. Mag and wind default to the RTSW files that replaced
 * `products/solar-wind/*` (NWS SCN 26-21); the legacy URLs still parse if configured. `null`: the product is
 * not fetched, only taken from an external feeder publishing it over MQTT. */
export const SolarUrlsSchema = z.object({
  kp_1m: FeedUrlSchema.nullable().default(`${SWPC}json/planetary_k_index_1m.json`),
  kp_3h: FeedUrlSchema.nullable().default(`${SWPC}products/noaa-planetary-k-index.json`),
  xray: FeedUrlSchema.nullable().default(`${SWPC}json/goes/primary/xrays-6-hour.json`),
  mag: FeedUrlSchema.nullable().default(`${SWPC}json/rtsw/rtsw_mag_1m.json`),
  wind: FeedUrlSchema.nullable().default(`${SWPC}json/rtsw/rtsw_wind_1m.json`),
});
export type SolarUrls = z.infer<typeof SolarUrlsSchema>;
export const SOLAR_PRODUCTS = ["kp_1m", "kp_3h", "xray", "mag", "wind"] as const;
export type SolarProduct = (typeof SOLAR_PRODUCTS)[number];

/** Storm-potential thresholds: southward Bz (nT, negative), wind speed (km/s), density (cm⁻³), Kp. Policy
 * choices of this project (not a published rule), hence configurable. */
export const StormThresholdsSchema = z.object({
  bz_moderate_nt: z.number().default(-5),
  bz_high_nt: z.number().default(-10),
  speed_moderate_kms: z.number().default(500),
  speed_high_kms: z.number().default(700),
  density_high_cm3: z.number().default(20),
  kp_moderate: z.number().default(4),
  kp_high: z.number().default(5),
});

export const AuroraConfigSchema = z.object({
  /** Geomagnetic north pole of the centred dipole, IGRF-13 epoch 2020: 80.7° N, 72.7° W (NOAA NCEI IGRF
   * test values, "North Geomagnetic Pole (2020)"). */
  pole_latitude: z.number().min(-90).max(90).default(80.7),
  pole_longitude: z.number().min(-180).max(180).default(-72.7),
  /** Equatorward edge of the auroral oval at Kp 0 and its shift per Kp unit, geomagnetic degrees
   * (≈66° at Kp 0, ≈2° per Kp: SWPC-derived rule of thumb, e.g. amazingaurora.app Kp guide). */
  boundary_kp0_deg: z.number().default(66),
  boundary_deg_per_kp: z.number().default(2),
  /** An oval this far poleward of the observer is still seen low on the horizon (4–5°,
   * aurora.sunspotwatch.com Kp maps). */
  horizon_margin_deg: z.number().nonnegative().default(4.5),
});
export type AuroraConfig = z.infer<typeof AuroraConfigSchema>;

/** Bounds on one feed payload, fetched or received over MQTT, checked before it is parsed. SWPC's largest
 * product (6 h of X-ray rows, two bands, two satellites) is ≈ 1500 rows and ≈ 300 KB. */
export const FeedLimitsSchema = z.object({
  max_bytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  max_rows: z.number().int().min(1).max(1_000_000).default(10_000),
});
export type FeedLimits = z.infer<typeof FeedLimitsSchema>;

export const SolarConfigSchema = z.object({
  urls: SolarUrlsSchema.default(() => SolarUrlsSchema.parse({})),
  feed_limits: FeedLimitsSchema.default(() => FeedLimitsSchema.parse({})),
  /** A fetch slower than this is abandoned and the last good reading is kept, marked stale. */
  timeout_ms: z.number().int().positive().default(10_000),
  /** Readings of a product that is not fetched (received from an MQTT feeder) count as fresh for this long. */
  feeder_fresh_seconds: z.number().positive().default(600),
  /** Flares are reported over this many minutes before the instant ("in the last hour"). */
  flare_window_minutes: z.number().positive().default(60),
  /** The 1-min Kp is a running estimate that restarts at 00, 03 … 21 UT; the storm level takes the max over
   * the current window and this many previous ones so a storm does not vanish at a window start. */
  kp_previous_windows: z.number().int().min(0).default(1),
  /** |Bz| below this (nT) is reported as neutral rather than north/south. */
  bz_neutral_nt: z.number().nonnegative().default(1),
  storm: StormThresholdsSchema.default(() => StormThresholdsSchema.parse({})),
  aurora: AuroraConfigSchema.default(() => AuroraConfigSchema.parse({})),
});
export type SolarConfig = z.infer<typeof SolarConfigSchema>;

const Iso = z.iso.datetime();

export const KpSampleSchema = z.object({
  time: Iso,
  kp: z.number().min(0).max(9),
  /** `observed` | `estimated` | `predicted` on the forecast product; absent elsewhere. */
  observed: z.string().optional(),
  noaa_scale: z.string().nullable().optional(),
});
export type KpSample = z.infer<typeof KpSampleSchema>;

export const XrayBandSchema = z.enum(["long", "short"]);
export const XraySampleSchema = z.object({
  time: Iso,
  /** W/m², background-corrected as published. */
  flux: z.number().nonnegative(),
  /** `long` = 0.1–0.8 nm (the flare-class band), `short` = 0.05–0.4 nm. */
  band: XrayBandSchema,
  satellite: z.number().int().nullable(),
});
export type XraySample = z.infer<typeof XraySampleSchema>;

/** Interplanetary magnetic field at L1, GSM frame, nT. */
export const MagSampleSchema = z.object({
  time: Iso,
  bx_gsm: z.number().nullable(),
  by_gsm: z.number().nullable(),
  bz_gsm: z.number(),
  bt: z.number().nullable(),
});
export type MagSample = z.infer<typeof MagSampleSchema>;

/** Solar-wind plasma at L1: density cm⁻³, speed km/s, temperature K. */
export const PlasmaSampleSchema = z.object({
  time: Iso,
  density: z.number().nullable(),
  speed: z.number().nullable(),
  temperature: z.number().nullable(),
});
export type PlasmaSample = z.infer<typeof PlasmaSampleSchema>;

export const SolarAlertSchema = z.object({
  product_id: z.string(),
  issued: Iso,
  code: z.string().nullable(),
  serial: z.number().int().nullable(),
  type: z.string().nullable(),
  headline: z.string().nullable(),
  scale: z.string().nullable(),
  message: z.string(),
});
export type SolarAlert = z.infer<typeof SolarAlertSchema>;

/** Everything the feeds delivered, each list ascending in time. */
export const SolarReadingsSchema = z.object({
  kp_1m: z.array(KpSampleSchema).default([]),
  kp_3h: z.array(KpSampleSchema).default([]),
  xray: z.array(XraySampleSchema).default([]),
  mag: z.array(MagSampleSchema).default([]),
  wind: z.array(PlasmaSampleSchema).default([]),
});
export type SolarReadings = z.infer<typeof SolarReadingsSchema>;

export const GScaleSchema = z.enum(["G0", "G1", "G2", "G3", "G4", "G5"]);
export type GScale = z.infer<typeof GScaleSchema>;
export const RScaleSchema = z.enum(["none", "R1", "R2", "R3", "R4", "R5"]);
export type RScale = z.infer<typeof RScaleSchema>;
export const BzOrientationSchema = z.enum(["northward", "southward", "neutral"]);
export type BzOrientation = z.infer<typeof BzOrientationSchema>;
/** `unknown` when no Kp, Bz or wind reading is available: no level is guessed. */
export const StormPotentialLevelSchema = z.enum(["unknown", "low", "moderate", "high"]);
export const AuroraVisibilitySchema = z.enum(["overhead", "horizon", "unlikely"]);

export const FlareSchema = z.object({
  class: z.string(),
  peak_flux: z.number(),
  peak_time: Iso,
  start: Iso,
  end: Iso,
});
export type Flare = z.infer<typeof FlareSchema>;

export const LocationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type Location = z.infer<typeof LocationSchema>;

export const AuroraSchema = z.object({
  geomagnetic_latitude: z.number(),
  oval_boundary_latitude: z.number(),
  visibility: AuroraVisibilitySchema,
});
export type Aurora = z.infer<typeof AuroraSchema>;

/** The solar snapshot for an instant: derived values, each null when its feed gave nothing usable. */
export const SolarSnapshotSchema = z.object({
  at: Iso,
  kp: z
    .object({ latest: z.number(), latest_time: Iso, storm_level: z.number(), g_scale: GScaleSchema })
    .nullable(),
  flares: z.object({
    window_minutes: z.number(),
    peak_class: z.string().nullable(),
    r_scale: RScaleSchema,
    events: z.array(FlareSchema),
    counts: z.object({ C: z.number().int(), M: z.number().int(), X: z.number().int() }),
  }),
  bz: z.object({ value_nt: z.number(), time: Iso, orientation: BzOrientationSchema }).nullable(),
  wind: z.object({ speed_kms: z.number().nullable(), density_cm3: z.number().nullable(), time: Iso }).nullable(),
  storm_potential: z.object({ level: StormPotentialLevelSchema, reasons: z.array(z.string()) }),
  aurora: AuroraSchema.nullable(),
});
export type SolarSnapshot = z.infer<typeof SolarSnapshotSchema>;

/** Freshness of one product: `fresh` = fetched and parsed on this round; `stale` = this round failed and the
 * last good reading is kept; `missing` = no good reading yet. */
export const FeedFreshnessSchema = z.enum(["fresh", "stale", "missing"]);

export const FeedStatusSchema = z.object({
  freshness: FeedFreshnessSchema,
  /** When the readings kept for this product were fetched (null when missing). */
  fetched_at: Iso.nullable(),
  /** Seconds between `fetched_at` and the round's instant (null when missing). */
  age_seconds: z.number().nonnegative().nullable(),
  /** Why this round failed, when it did. */
  error: z.string().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatusSchema>;

/** What the feed reader keeps between rounds: the readings and, per product, how fresh they are. */
export const SolarFeedStateSchema = z.object({
  readings: SolarReadingsSchema,
  status: z.object({
    kp_1m: FeedStatusSchema,
    kp_3h: FeedStatusSchema,
    xray: FeedStatusSchema,
    mag: FeedStatusSchema,
    wind: FeedStatusSchema,
  }),
});
export type SolarFeedState = z.infer<typeof SolarFeedStateSchema>;
