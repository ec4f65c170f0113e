import { z } from "zod";
import { BodyNameSchema, EclipticPlacementSchema, SignSchema } from "../../sky/schemas.ts";

export { BodyNameSchema, SignSchema };
/** The five Ptolemaic aspects; the angle of each is in `ASPECT_ANGLES`. */
export const AspectNameSchema = z.enum(["conjunction", "sextile", "square", "trine", "opposition"]);
export type AspectName = z.infer<typeof AspectNameSchema>;
export const MotionSchema = z.enum(["direct", "retrograde"]);
export type Motion = z.infer<typeof MotionSchema>;

const Iso = z.iso.datetime();

export const OrbsSchema = z.object({
  conjunction: z.number().positive().default(8),
  opposition: z.number().positive().default(8),
  square: z.number().positive().default(6),
  trine: z.number().positive().default(6),
  sextile: z.number().positive().default(4),
});

export const TransitsConfigSchema = z.object({
  /** Largest orb (degrees) at which a transit-to-natal aspect is reported, per aspect. */
  orbs: OrbsSchema.default(() => OrbsSchema.parse({})),
  /** Transiting bodies whose exact aspects to natal points are searched. The Moon is left out by default: it
   * makes an exact aspect to some natal point every few hours. */
  exact_bodies: z.array(BodyNameSchema).default(["sun", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"]),
  /** How far ahead exact transits are searched, days. */
  exact_days: z.number().positive().max(366).default(30),
  /** Spacing of the shared position grid used for exact-time searches, hours; Hermite interpolation on longitude
   * and speed keeps the error far below a minute at 6 h (checked against direct searches in the tests). */
  grid_step_hours: z.number().positive().max(24).default(6),
  /** Sampling step of station and ingress scans, hours; shorter than any interval between two events. */
  scan_step_hours: z.number().positive().max(48).default(12),
  /** Bisection stops when the bracket is this narrow, seconds. */
  tolerance_seconds: z.number().positive().default(1),
});
export type TransitsConfig = z.infer<typeof TransitsConfigSchema>;

export const BodyStateSchema = EclipticPlacementSchema.extend({
  body: BodyNameSchema,
  /** Natal house (1–12) the body is in, when natal cusps were given. */
  house: z.number().int().min(1).max(12).optional(),
});
export type BodyState = z.infer<typeof BodyStateSchema>;

export const StationSchema = z.object({
  body: BodyNameSchema,
  /** `retrograde`: the body turns from direct to retrograde (SR); `direct`: the reverse (SD). */
  direction: MotionSchema,
  time: Iso,
  longitude: z.number(),
});
export type Station = z.infer<typeof StationSchema>;

export const IngressSchema = z.object({
  body: BodyNameSchema,
  /** The sign entered. */
  sign: SignSchema,
  /** `retrograde` when the body re-enters the previous sign moving backwards. */
  direction: MotionSchema,
  time: Iso,
});
export type Ingress = z.infer<typeof IngressSchema>;

/** Natal points by name (bodies, nodes, angles…), longitudes in degrees on the same zodiac as the transits. */
export const NatalPointsSchema = z.record(z.string().min(1), z.number().min(0).lt(360));
export type NatalPoints = z.infer<typeof NatalPointsSchema>;
/** The twelve natal house cusps, degrees, house 1 first. */
export const NatalCuspsSchema = z.array(z.number().min(0).lt(360)).length(12);

export const NatalAspectSchema = z.object({
  body: BodyNameSchema,
  natal_body: z.string(),
  aspect: AspectNameSchema,
  /** Current separation from exactness, degrees (0 = exact). */
  orb: z.number().nonnegative(),
  /** 1 at exactness, 0 at the configured orb. */
  exactness: z.number().min(0).max(1),
  applying: z.boolean(),
});
export type NatalAspect = z.infer<typeof NatalAspectSchema>;

export const ExactTransitSchema = z.object({
  body: BodyNameSchema,
  natal_body: z.string(),
  aspect: AspectNameSchema,
  time: Iso,
  /** Transiting longitude at the exact time, degrees. */
  longitude: z.number(),
  retrograde: z.boolean(),
});
export type ExactTransit = z.infer<typeof ExactTransitSchema>;

export const TransitsSnapshotSchema = z.object({
  at: Iso,
  bodies: z.array(BodyStateSchema),
});
export type TransitsSnapshot = z.infer<typeof TransitsSnapshotSchema>;

export const UserTransitsSchema = z.object({
  at: Iso,
  aspects: z.array(NatalAspectSchema),
  houses: z.record(z.string(), z.number().int().min(1).max(12)).optional(),
  exact: z.array(ExactTransitSchema),
});
export type UserTransits = z.infer<typeof UserTransitsSchema>;
