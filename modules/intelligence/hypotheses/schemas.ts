import { z } from "zod";
import { PatternTypeSchema } from "../observer/schemas.ts";

const Iso = z.iso.datetime();

export const SupportKindSchema = z.enum([
  "user_confirmation",
  "explicit_feedback",
  "journal_entry",
  "tracking_data_match",
  "mood_alignment",
  "symptom_report",
  "observer_pattern",
  "cosmic_correlation",
  "transit_alignment",
  "theme_alignment",
  "cyclical_pattern",
  "module_suggestion",
  "cosmic_calculation",
]);
export const ContradictionKindSchema = z.enum(["user_rejection", "counter_pattern", "mismatch"]);
export const EvidenceKindSchema = z.enum([...SupportKindSchema.options, ...ContradictionKindSchema.options]);
export type EvidenceKind = z.infer<typeof EvidenceKindSchema>;

export const HypothesisTypeSchema = z.enum([
  "birth_time",
  "rising_sign",
  "cosmic_sensitivity",
  "temporal_pattern",
  "transit_effect",
  "theme_correlation",
  "cyclical_pattern",
]);
export type HypothesisType = z.infer<typeof HypothesisTypeSchema>;

export const HypothesisStatusSchema = z.enum(["forming", "testing", "confirmed", "rejected", "stale"]);
export type HypothesisStatus = z.infer<typeof HypothesisStatusSchema>;

/** One item of a hypothesis's evidence ledger (DESIGN.md §12). */
export const EvidenceSchema = z.object({
  kind: EvidenceKindSchema,
  /** Base weight of the kind when it was recorded; negative for a contradiction. */
  weight: z.number(),
  time: Iso,
  /** What it came from: a finding id, `feedback`, an entry id. */
  source: z.string(),
  /** How far the source is trusted, 0–1. */
  reliability: z.number().min(0).max(1).default(1),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const HypothesisSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  type: HypothesisTypeSchema,
  claim: z.string(),
  status: HypothesisStatusSchema,
  confidence: z.number().min(0).max(1),
  evidence: z.array(EvidenceSchema),
  /** The finding that started it, so a recomputed finding adds evidence instead of a second hypothesis. */
  finding_id: z.string().nullable(),
  created_at: Iso,
  updated_at: Iso,
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;

export const FeedbackSchema = z.object({ feedback: z.enum(["confirm", "reject"]) });
export type Feedback = z.infer<typeof FeedbackSchema>["feedback"];

/** The original's evidence weights and status thresholds (intelligence-notes). */
export const HypothesisConfigSchema = z.object({
  weights: z
    .object({
      user_confirmation: z.number().default(1.0),
      explicit_feedback: z.number().default(0.95),
      journal_entry: z.number().default(0.75),
      tracking_data_match: z.number().default(0.7),
      mood_alignment: z.number().default(0.72),
      symptom_report: z.number().default(0.68),
      observer_pattern: z.number().default(0.55),
      cosmic_correlation: z.number().default(0.5),
      transit_alignment: z.number().default(0.52),
      theme_alignment: z.number().default(0.48),
      cyclical_pattern: z.number().default(0.58),
      module_suggestion: z.number().default(0.35),
      cosmic_calculation: z.number().default(0.3),
      user_rejection: z.number().max(0).default(-1.5),
      counter_pattern: z.number().max(0).default(-0.8),
      mismatch: z.number().max(0).default(-0.5),
    })
    .prefault({}),
  /** Supporting evidence loses half its weight every this many days… */
  half_life_days: z.number().positive().default(30),
  /** …but never below this share. */
  recency_floor: z.number().min(0).max(1).default(0.1),
  /** The i-th item of the ledger (oldest first, from 0) counts 1 / (1 + step · i): diminishing returns. */
  position_step: z.number().min(0).default(0.1),
  /** Contradictions count this many times and do not decay. */
  contradiction_factor: z.number().min(1).default(2),
  /** Confidence = sigmoid(scale · (prior + gain · Σw − centre)); the prior alone with no evidence. */
  prior: z.number().min(0).max(1).default(0.2),
  gain: z.number().positive().default(0.12),
  scale: z.number().positive().default(5),
  centre: z.number().default(0.5),
  stale_after_days: z.number().positive().default(60),
  rejected_below: z.number().min(0).max(1).default(0.2),
  confirmed_at: z.number().min(0).max(1).default(0.85),
  testing_at: z.number().min(0).max(1).default(0.6),
  /** Only findings at least this confident start a hypothesis. */
  start_confidence: z.number().min(0).max(1).default(0.7),
  /** Which hypothesis type a finding of each pattern type starts. */
  types: z
    .record(PatternTypeSchema, HypothesisTypeSchema)
    .default({ solar_symptom: "cosmic_sensitivity", lunar_phase: "cyclical_pattern", day_of_week: "temporal_pattern", transit_theme: "transit_effect" }),
});
export type HypothesisConfig = z.output<typeof HypothesisConfigSchema>;

/** A lifecycle event to publish on the person's topic (the runtime wraps it in a CloudEvent). */
export const HypothesisEventSchema = z.object({
  type: z.enum(["hypothesis.created", "hypothesis.updated", "hypothesis.status.changed"]),
  subject: z.string(),
  data: z.object({
    hypothesis_id: z.string(),
    status: HypothesisStatusSchema,
    previous_status: HypothesisStatusSchema.nullable(),
    confidence: z.number(),
    previous_confidence: z.number().nullable(),
  }),
});
export type HypothesisEvent = z.infer<typeof HypothesisEventSchema>;
