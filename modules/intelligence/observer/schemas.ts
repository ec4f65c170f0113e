import { z } from "zod";
import { personalScheduleShape, RECOVER_AFTER_DEBOUNCE } from "../schedule.ts";
import { JournalEntrySchema, KpSampleSchema, LunarSampleSchema } from "../journal/schemas.ts";
import { CorrectionSchema } from "../stats/correction.ts";

const Iso = z.iso.datetime();
const Label = z.string().trim().min(1).toLowerCase();
const Measure = z.enum(["mood", "energy"]);
export type Measure = z.infer<typeof Measure>;

/** Solar–symptom correlations; gates and thresholds are the original's (intelligence-notes). */
const SolarConfigSchema = z.object({
  /** Days analysed, back from the analysis instant (clipped to where journal and Kp history overlap). */
  window_days: z.int().positive().default(90),
  /** The original's minimum data: this many Kp readings and journal entries in the last `gate_days`. */
  gate_days: z.int().positive().default(30),
  min_history_points: z.int().nonnegative().default(30),
  min_entries: z.int().nonnegative().default(10),
  symptoms: z.array(Label).default(["headache", "anxiety", "fatigue", "insomnia", "irritability"]),
  /** Also look for the symptom word in the entry text, as the original did; `symptoms[]` always counts. */
  match_text: z.boolean().default(true),
  /** Kp of the same day (0) and of the day before (1): a symptom may follow a storm by a day. One test per lag. */
  lags_days: z.array(z.int().min(0).max(7)).min(1).default([0, 1]),
  min_abs_r: z.number().min(0).max(1).default(0.6),
  /** Kp at or above this is a storm: supporting entries are those on storm-exposed days. */
  storm_kp: z.number().min(0).max(9).default(5),
});

/** Mood and energy by lunar phase quarter. */
const LunarConfigSchema = z.object({
  window_days: z.int().positive().default(90),
  gate_days: z.int().positive().default(60),
  min_history_points: z.int().nonnegative().default(60),
  min_entries: z.int().nonnegative().default(15),
  min_group_entries: z.int().positive().default(5),
  min_difference: z.number().nonnegative().default(1.5),
  measures: z.array(Measure).default(["mood", "energy"]),
  /** Quarters (the original's four 90° groups) and the eight 45° phases (new moon … waning crescent): a change
   * confined to a few days around the full moon is diluted in its quarter but not in its phase. One test each. */
  groupings: z.array(z.enum(["quarter", "phase"])).min(1).default(["quarter", "phase"]),
  /** Lunar samples further apart than this are a gap, not something to interpolate across, hours. */
  max_gap_hours: z.number().positive().default(48),
});

/** Mood and energy by weekday. */
const DayOfWeekConfigSchema = z.object({
  window_days: z.int().positive().default(90),
  gate_days: z.int().positive().default(60),
  min_entries: z.int().nonnegative().default(30),
  min_day_entries: z.int().positive().default(3),
  min_difference: z.number().nonnegative().default(1.5),
  measures: z.array(Measure).default(["mood", "energy"]),
});

/** Keyword themes against the exact transits stored with each entry. */
const TransitConfigSchema = z.object({
  window_days: z.int().positive().default(90),
  themes: z.record(z.string(), z.array(Label).min(1)).default({
    relationship: ["relationship", "partner", "love", "friend", "family", "conflict"],
    work: ["work", "job", "career", "boss", "project", "deadline"],
    health: ["health", "sick", "pain", "doctor", "tired", "headache"],
    creativity: ["creative", "creativity", "art", "write", "music", "idea"],
    anxiety: ["anxiety", "anxious", "worry", "stress", "panic", "nervous"],
  }),
  min_theme_entries: z.int().positive().default(5),
  /** A transit seen in fewer entries of the window is not tested (too rare to say anything). */
  min_transit_entries: z.int().positive().default(3),
  min_frequency: z.number().min(0).max(1).default(0.5),
});

export const ObserverConfigSchema = z.object({
  /** Family-wise (Holm) or false-discovery (Benjamini–Hochberg) level over every test run for one person. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  correction: CorrectionSchema.default("holm"),
  /** Permutations per pattern type; the smallest p-value a permutation test can give is 1 / (permutations + 1). */
  permutations: z.int().min(99).max(100_000).default(999),
  /** More permutations are run when the tests are many, so that the smallest permutation p-value, corrected for
   * the number of tests, stays at most α / headroom: a real relation must not be lost to too coarse a p-value. */
  permutation_headroom: z.number().min(1).max(100).default(4),
  /** Days moved together in a permutation, so that day-to-day autocorrelation of mood does not fake significance. */
  block_days: z.int().min(1).max(14).default(3),
  /** PRNG seed; mixed with the user id, so a person's findings are reproducible. */
  seed: z.int().nonnegative().default(20_261_202),
  /** Entry times are UTC; a person's day (weekday, the day of a Kp reading) starts at their local midnight. */
  utc_offset_minutes: z.int().min(-840).max(840).default(0),
  /** The observer runs 10 s after a person's latest new entry and daily for everyone (the original recomputed daily). */
  ...personalScheduleShape({ debounceMs: 10_000, scheduleHours: 24, recoverAfterMs: 600_000, recoverBatch: 10_000 }),
  /** Supporting entry ids listed per finding at most. */
  max_evidence: z.int().positive().default(100),
  solar: SolarConfigSchema.prefault({}),
  lunar: LunarConfigSchema.prefault({}),
  day_of_week: DayOfWeekConfigSchema.prefault({}),
  transit: TransitConfigSchema.prefault({}),
}).refine(...RECOVER_AFTER_DEBOUNCE);
export type ObserverConfig = z.output<typeof ObserverConfigSchema>;

/** `cli observe` input and what the node reads from its collections (DESIGN.md §12). */
export const ObserveInputSchema = z.object({
  /** Entries as stored; a hand-made dataset may leave out `id` (numbered by position), `user_id` (one person)
   * and `text`. */
  journal: z
    .array(
      JournalEntrySchema.extend({
        id: JournalEntrySchema.shape.id.optional(),
        user_id: JournalEntrySchema.shape.user_id.optional(),
        text: JournalEntrySchema.shape.text.default(""),
      }),
    )
    .transform((entries) => entries.map((entry, i) => ({ ...entry, id: entry.id ?? `entry-${i + 1}`, user_id: entry.user_id ?? "person" }))),
  history: z
    .object({
      solar: z.array(KpSampleSchema).default([]),
      lunar: z.array(LunarSampleSchema).default([]),
    })
    .prefault({}),
  /** The analysis instant; absent, the latest time in the input, so a stored dataset gives the same answer on any day. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type ObserveInput = z.infer<typeof ObserveInputSchema>;

export const PatternTypeSchema = z.enum(["solar_symptom", "lunar_phase", "day_of_week", "transit_theme"]);
export type PatternType = z.infer<typeof PatternTypeSchema>;

export const FindingSchema = z.object({
  /** Stable per person and pattern, so a recomputed finding updates the same document. */
  id: z.string(),
  user_id: z.string(),
  pattern_type: PatternTypeSchema,
  /** The symptom, measure or theme. */
  subject: z.string(),
  /** The phase quarter, weekday or transit the subject is tied to; null for a correlation. */
  group: z.string().nullable(),
  statistic: z.number(),
  /** `pearson_r`, `max_abs_mean_difference`, `theme_frequency`. */
  statistic_name: z.string(),
  effect: z.number(),
  /** `symptom_rate_difference` (storm minus quiet readings), `mean_difference` (group minus reference), `frequency_difference`. */
  effect_name: z.string(),
  /** Adjusted for the number of tests run for the person. */
  p_value: z.number().min(0).max(1),
  p_value_raw: z.number().min(0).max(1),
  test: z.enum(["permutation", "fisher_exact"]),
  correction: CorrectionSchema,
  tests_run: z.int().positive(),
  confidence: z.number().min(0).max(1),
  data_points: z.int().nonnegative(),
  window: z.object({ start: Iso, end: Iso, days: z.number() }),
  detected_at: Iso,
  /** Ids of the journal entries that support the finding. */
  evidence: z.array(z.string()),
  /** When the person's latest observer run no longer detected it (absent while it holds): a lapsed finding is kept,
   * as it was last detected, so its history stays readable, but it is no evidence. `observe` never sets it. */
  lapsed_at: Iso.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ObserveOutputSchema = z.object({
  findings: z.array(FindingSchema),
  /** Every test run (gates passed), with raw and adjusted p-values: what the correction was over. */
  tests: z.array(
    z.object({
      pattern_type: PatternTypeSchema,
      subject: z.string(),
      variant: z.string().nullable(),
      group: z.string().nullable(),
      statistic: z.number(),
      p_value_raw: z.number(),
      p_value: z.number(),
    }),
  ),
  at: Iso,
});
export type ObserveOutput = z.infer<typeof ObserveOutputSchema>;
