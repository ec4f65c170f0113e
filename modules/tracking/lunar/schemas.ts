import { z } from "zod";
import { SignSchema } from "../../sky/schemas.ts";
import { AspectNameSchema } from "../transits/schemas.ts";

const Iso = z.iso.datetime();
export { SignSchema };

export const PhaseNameSchema = z.enum([
  "new_moon",
  "waxing_crescent",
  "first_quarter",
  "waxing_gibbous",
  "full_moon",
  "waning_gibbous",
  "last_quarter",
  "waning_crescent",
]);
export type PhaseName = z.infer<typeof PhaseNameSchema>;
export const PrincipalPhaseSchema = z.enum(["new_moon", "first_quarter", "full_moon", "last_quarter"]);
export type PrincipalPhase = z.infer<typeof PrincipalPhaseSchema>;

/** Which bodies a void-of-course Moon is measured against. `sun_to_pluto` is what published tables use
 * (tracking-notes §3); `sun_to_saturn` is the traditional variant, longer periods. */
export const VocBodiesSchema = z.enum(["sun_to_pluto", "sun_to_saturn"]);

export const LunarConfigSchema = z.object({
  voc_bodies: VocBodiesSchema.default("sun_to_pluto"),
  /** A full/new moon at or above this fraction of the way from apogee to perigee of its orbit is a supermoon
   * (Nolle's "within 90 % of perigee"). */
  supermoon_threshold: z.number().min(0).max(1).default(0.9),
  /** Lunar return: the Moon within this many degrees of the natal Moon. */
  lunar_return_orb_deg: z.number().positive().max(30).default(1),
  /** Moon scan step, hours: the Moon moves ≤ 2° in 3 h, well inside every search's bracket limit. */
  scan_step_hours: z.number().positive().max(6).default(2),
  /** Bisection stops when the bracket is this narrow, seconds. */
  tolerance_seconds: z.number().positive().default(1),
});
export type LunarConfig = z.infer<typeof LunarConfigSchema>;

export const VocAspectSchema = z.object({
  aspect: AspectNameSchema,
  body: z.string(),
  time: Iso,
});
export type VocAspect = z.infer<typeof VocAspectSchema>;

/** One void-of-course period: from the Moon's last exact aspect in a sign (or its ingress when there is none)
 * to its next ingress. */
export const VocPeriodSchema = z.object({
  start: Iso,
  end: Iso,
  /** The sign the Moon is void in (the one it leaves at `end`). */
  sign: SignSchema,
  last_aspect: VocAspectSchema.nullable(),
});
export type VocPeriod = z.infer<typeof VocPeriodSchema>;

export const LunarSnapshotSchema = z.object({
  at: Iso,
  /** Moon − Sun apparent ecliptic longitude, degrees [0, 360): 0 new, 90 first quarter, 180 full, 270 last. */
  phase_angle: z.number().min(0).lt(360),
  phase_name: PhaseNameSchema,
  waxing: z.boolean(),
  /** Illuminated fraction of the disc, 0–1. */
  illumination: z.number().min(0).max(1),
  moon: z.object({ longitude: z.number(), latitude: z.number(), sign: SignSchema, sign_degree: z.number() }),
  /** Geocentric distance, km. */
  distance_km: z.number(),
  supermoon: z.object({
    /** 0 at the orbit's apogee distance, 1 at its perigee distance. */
    score: z.number(),
    perigee: z.object({ time: Iso, distance_km: z.number() }),
    apogee: z.object({ time: Iso, distance_km: z.number() }),
    /** Near a full or new moon (within 1 day) and at or above the configured threshold. */
    is_supermoon: z.boolean(),
  }),
  void_of_course: z.object({ active: z.boolean(), start: Iso, end: Iso, last_aspect: VocAspectSchema.nullable() }),
  next_phases: z.object({ new_moon: Iso, first_quarter: Iso, full_moon: Iso, last_quarter: Iso }),
  next_ingress: z.object({ sign: SignSchema, time: Iso }),
});
export type LunarSnapshot = z.infer<typeof LunarSnapshotSchema>;

/** Natal Moon as given by the astrology module, degrees. */
export const NatalMoonSchema = z.object({ longitude: z.number().min(0).lt(360) });

export const UserLunarSchema = z.object({
  natal_moon: z.object({ longitude: z.number(), sign: SignSchema }),
  /** Same sign as the natal Moon now. */
  same_sign: z.boolean(),
  /** Signs from the natal Moon's sign to the transiting Moon's, 0–11. */
  sign_distance: z.number().int().min(0).max(11),
  lunar_return: z.object({ active: z.boolean(), orb: z.number(), next: Iso }),
});
export type UserLunar = z.infer<typeof UserLunarSchema>;
