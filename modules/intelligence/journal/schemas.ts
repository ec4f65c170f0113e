import { z } from "zod";
import { BodyNameSchema, SignSchema } from "../../sky/schemas.ts";
import { PhaseNameSchema } from "../../tracking/lunar/schemas.ts";

/** An instant with `Z` or a UTC offset, stored as UTC ISO (`…Z`), so that times compare as strings and sort. */
const Iso = z.iso.datetime({ offset: true }).transform((time) => new Date(time).toISOString());
const Rating = z.int().min(1).max(10);
/** Symptoms and tags are matched case-insensitively, so they are stored trimmed and lower case. */
const Label = z.string().trim().min(1).max(64).toLowerCase();

/** Phase quarter an observer groups entries by: each a 90° sector centred on new (0°), waxing (90°), full (180°),
 * waning (270°). */
export const PhaseQuarterSchema = z.enum(["new", "waxing", "full", "waning"]);
export type PhaseQuarter = z.infer<typeof PhaseQuarterSchema>;

/** The sky and space weather at an entry's time (DESIGN.md §12), stored with the entry. */
export const CosmicContextSchema = z.object({
  lunar: z.object({
    phase_angle: z.number().min(0).lt(360),
    phase_name: PhaseNameSchema,
    quarter: PhaseQuarterSchema,
    moon_sign: SignSchema,
  }),
  /** The latest Kp reading at or before the entry within the configured age; null when there is none. */
  kp: z.object({ value: z.number().min(0).max(9), time: Iso }).nullable(),
  storm: z.boolean(),
  /** Exact transits to the natal chart active at the time, as `body aspect natal_body` labels. */
  transits: z.array(z.string()),
});
export type CosmicContext = z.infer<typeof CosmicContextSchema>;

export const JournalConfigSchema = z.object({
  /** Longest text kept; a journal is prose, not a document store. */
  max_text_length: z.int().positive().default(10_000),
  /** A Kp reading older than this at the entry's time is not its context, hours (the Kp index is 3-hourly). */
  kp_max_age_hours: z.number().positive().default(3),
  /** Kp at or above this is a geomagnetic storm (NOAA G1). */
  storm_kp: z.number().min(0).max(9).default(5),
  /** A transit to a natal point within this orb (degrees) counts as exact at the entry's time: the inner
   * planets move about a degree a day, so within a degree is "exact that day". */
  exact_orb_deg: z.number().positive().max(10).default(1),
  /** Transiting bodies considered; the Moon is left out, as in the transits module (it aspects some natal point
   * every few hours). */
  transit_bodies: z.array(BodyNameSchema).default(["sun", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"]),
});
export type JournalConfig = z.output<typeof JournalConfigSchema>;

/** A journal entry (DESIGN.md §12). */
export const JournalEntrySchema = z.object({
  id: z.string().min(1).max(128),
  user_id: z.string().min(1).max(128),
  time: Iso,
  text: z.string().max(100_000),
  mood: Rating.optional(),
  energy: Rating.optional(),
  symptoms: z.array(Label).max(50).optional(),
  tags: z.array(Label).max(50).optional(),
  context: CosmicContextSchema.optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** What a client sends: the server assigns id and user; time defaults to the moment it is received. */
export const JournalEntryInputSchema = JournalEntrySchema.omit({ id: true, user_id: true, context: true }).extend({
  id: z.string().min(1).max(128).optional(),
  time: Iso.optional(),
});
export type JournalEntryInput = z.infer<typeof JournalEntryInputSchema>;

/** A Kp reading of solar history, as the solar module stores it. */
export const KpSampleSchema = z.object({ time: Iso, kp: z.number().min(0).max(9) });
export type KpSample = z.infer<typeof KpSampleSchema>;

/** A lunar phase angle of lunar history. */
export const LunarSampleSchema = z.object({ time: Iso, phase_angle: z.number().min(0).lt(360) });
export type LunarSample = z.infer<typeof LunarSampleSchema>;
