import { z } from "zod";
import { BODY_NAMES } from "../../sky/bodies.ts";
import { BodyNameSchema, EclipticPlacementSchema, SignSchema } from "../../sky/schemas.ts";
import { ValueProbabilitySchema } from "../../confidence.ts";
import { HOUSE_SYSTEMS, POLAR_FALLBACKS } from "./houses.ts";

export { SignSchema };
export const HouseSystemSchema = z.enum(HOUSE_SYSTEMS);

/** Points a chart reports: the ten bodies and the lunar nodes. */
export const CHART_POINTS = [...BODY_NAMES, "true_node", "mean_node", "south_node"] as const;
export const ChartPointSchema = z.enum(CHART_POINTS);
export type ChartPoint = z.infer<typeof ChartPointSchema>;
/** Points aspects and summaries may include: chart points plus the ascendant and midheaven. */
export const AspectPointSchema = z.enum([...CHART_POINTS, "ascendant", "midheaven"]);
export type AspectPoint = z.infer<typeof AspectPointSchema>;

export const MAJOR_ASPECTS = { conjunction: 0, opposition: 180, trine: 120, square: 90, sextile: 60 } as const;
export const MINOR_ASPECTS = { quincunx: 150, semi_sextile: 30, semi_square: 45, sesquiquadrate: 135, quintile: 72 } as const;
export const AspectTypeSchema = z.enum([
  ...(Object.keys(MAJOR_ASPECTS) as (keyof typeof MAJOR_ASPECTS)[]),
  ...(Object.keys(MINOR_ASPECTS) as (keyof typeof MINOR_ASPECTS)[]),
]);
export type AspectType = z.infer<typeof AspectTypeSchema>;

const orb = (degrees: number) => z.number().min(0).max(15).default(degrees);

/** Astrology module settings; every field has a default (issue 3). */
export const AstrologyConfigSchema = z.object({
  house_system: HouseSystemSchema.default("placidus"),
  /** Used where Placidus or Koch are undefined (polar latitudes). */
  polar_fallback: z.enum(POLAR_FALLBACKS).default("porphyry"),
  zodiac: z.enum(["tropical", "sidereal"]).default("tropical"),
  /** Only used with the sidereal zodiac. */
  ayanamsa: z.enum(["lahiri", "fagan_bradley"]).default("lahiri"),
  /** Which lunar node is "the" node in summaries and default aspects; both are always reported. */
  node_type: z.enum(["true", "mean"]).default("true"),
  /** Orbs in degrees per aspect (issue 3 defaults: 10/10/8/5/6 for the majors, 2 for minors). */
  orbs: z
    .object({
      conjunction: orb(10),
      opposition: orb(10),
      trine: orb(8),
      square: orb(5),
      sextile: orb(6),
      quincunx: orb(2),
      semi_sextile: orb(2),
      semi_square: orb(2),
      sesquiquadrate: orb(2),
      quintile: orb(2),
    })
    .prefault({}),
  minor_aspects: z.boolean().default(false),
  /** Points between which aspects are looked for. */
  aspect_points: z.array(AspectPointSchema).min(2).default([...BODY_NAMES]),
  /** Points counted in element, modality, hemisphere and dominant-sign summaries. */
  summary_points: z.array(AspectPointSchema).min(1).default([...BODY_NAMES]),
  /** Rulers used for the chart ruler: traditional (Saturn rules Aquarius…) or modern (Uranus, Neptune, Pluto). */
  rulership: z.enum(["traditional", "modern"]).default("traditional"),
  /** A point this close to a sign boundary is flagged `near_boundary` (arcminutes). */
  near_boundary_arcmin: z.number().min(0).max(60).default(1),
});
export type AstrologyConfig = z.output<typeof AstrologyConfigSchema>;

export const BodyPlacementSchema = EclipticPlacementSchema.extend({
  name: ChartPointSchema,
  /** 1–12; null when the birth time is unknown. */
  house: z.number().int().min(1).max(12).nullable(),
  near_boundary: z.boolean(),
});
export type BodyPlacement = z.infer<typeof BodyPlacementSchema>;

export const AnglePointSchema = z.object({
  longitude: z.number(),
  sign: SignSchema,
  sign_degree: z.number(),
  near_boundary: z.boolean(),
});

export const AnglesSchema = z.object({
  ascendant: AnglePointSchema,
  midheaven: AnglePointSchema,
  descendant: AnglePointSchema,
  imum_coeli: AnglePointSchema,
  vertex: AnglePointSchema,
});

export const HouseCuspSchema = z.object({
  number: z.number().int().min(1).max(12),
  cusp: z.number(),
  sign: SignSchema,
  sign_degree: z.number(),
});

export const AspectSchema = z.object({
  a: AspectPointSchema,
  b: AspectPointSchema,
  type: AspectTypeSchema,
  /** Exact angle of the aspect type, degrees. */
  angle: z.number(),
  /** |separation − angle|, degrees. */
  orb: z.number(),
  applying: z.boolean(),
  /** Share of the 24 samples showing the aspect (unknown birth time only). */
  share: z.number().min(0).max(1).optional(),
});
export type Aspect = z.infer<typeof AspectSchema>;

export const ElementsSchema = z.object({ fire: z.number(), earth: z.number(), air: z.number(), water: z.number() });
export const ModalitiesSchema = z.object({ cardinal: z.number(), fixed: z.number(), mutable: z.number() });

export const SummarySchema = z.object({
  /** Counted over summary points with a house; null when the birth time is unknown. */
  hemispheres: z.object({ eastern: z.number(), western: z.number(), northern: z.number(), southern: z.number() }).nullable(),
  chart_ruler: z.object({ body: BodyNameSchema, sign: SignSchema, house: z.number().int().nullable() }).nullable(),
  dominant_element: z.enum(["fire", "earth", "air", "water"]),
  dominant_modality: z.enum(["cardinal", "fixed", "mutable"]),
  dominant_sign: SignSchema,
});

export const UnknownTimeSchema = z.object({
  samples: z.number().int(),
  /** Local clock minute of each hourly sample. */
  sample_minute: z.number().int(),
  rising_sign: z.array(ValueProbabilitySchema),
  bodies: z.array(
    z.object({ name: ChartPointSchema, sign: z.array(ValueProbabilitySchema), house: z.array(ValueProbabilitySchema) }),
  ),
});

export const AstrologyDataSchema = z.object({
  time_known: z.boolean(),
  /** UT instant of the chart (noon local time when the birth time is unknown). */
  instant_utc: z.iso.datetime(),
  utc_offset_minutes: z.number(),
  offset_source: z.enum(["utc_offset", "timezone", "local_mean_time"]),
  zodiac: z.enum(["tropical", "sidereal"]),
  ayanamsa: z.object({ name: z.enum(["lahiri", "fagan_bradley"]), degrees: z.number() }).nullable(),
  node_type: z.enum(["true", "mean"]),
  delta_t_seconds: z.number(),
  /** True obliquity of the ecliptic, degrees. */
  obliquity: z.number(),
  /** Local apparent sidereal time in hours [0, 24) and as hh:mm:ss; null when the birth time is unknown. */
  local_sidereal_time: z.object({ hours: z.number(), hms: z.string() }).nullable(),
  bodies: z.array(BodyPlacementSchema),
  angles: AnglesSchema.nullable(),
  house_system: HouseSystemSchema.nullable(),
  house_system_requested: HouseSystemSchema,
  polar_fallback_used: z.boolean(),
  houses: z.array(HouseCuspSchema),
  aspects: z.array(AspectSchema),
  elements: ElementsSchema,
  modalities: ModalitiesSchema,
  summary: SummarySchema,
  unknown_time: UnknownTimeSchema.nullable(),
});
export type AstrologyData = z.infer<typeof AstrologyDataSchema>;
