import { z } from "zod";
import { ValueProbabilitySchema } from "../../confidence.ts";

/** Centre names of the bodygraph (DESIGN.md §4). */
export const CenterNameSchema = z.enum(["head", "ajna", "throat", "g", "heart", "sacral", "solar_plexus", "spleen", "root"]);
export type CenterName = z.infer<typeof CenterNameSchema>;

export const HumanDesignTypeSchema = z.enum(["Generator", "Manifesting Generator", "Projector", "Manifestor", "Reflector"]);
export type HumanDesignType = z.infer<typeof HumanDesignTypeSchema>;

/**
 * Inner authority. A defined heart not connected to the throat is called "Ego Projected" here; one
 * published calculator (SharpAstrology.HumanDesign) calls the same configuration "Self".
 */
export const AuthoritySchema = z.enum([
  "Emotional",
  "Sacral",
  "Splenic",
  "Ego Manifested",
  "Ego Projected",
  "Self-Projected",
  "Mental",
  "Lunar",
]);
export type Authority = z.infer<typeof AuthoritySchema>;

export const DefinitionSchema = z.enum(["None", "Single", "Split", "Triple Split", "Quadruple Split"]);
export type Definition = z.infer<typeof DefinitionSchema>;

export const CrossAngleSchema = z.enum(["Right Angle", "Juxtaposition", "Left Angle"]);
export type CrossAngle = z.infer<typeof CrossAngleSchema>;

/** The 13 activated points, in the order the output lists them (DESIGN.md §4). */
export const ActivationBodySchema = z.enum([
  "sun",
  "earth",
  "moon",
  "north_node",
  "south_node",
  "mercury",
  "venus",
  "mars",
  "jupiter",
  "saturn",
  "uranus",
  "neptune",
  "pluto",
]);
export type ActivationBody = z.infer<typeof ActivationBodySchema>;

/**
 * The coarsest wheel level whose boundary lies within the ephemeris error bound of an activation's longitude:
 * "line" puts gate and line at risk, "color" the colour, "tone" the tone, "base" only the base.
 */
export const NearBoundaryLevelSchema = z.enum(["line", "color", "tone", "base"]);
export type NearBoundaryLevel = z.infer<typeof NearBoundaryLevelSchema>;

/** Chart fields that follow from activations and may change when a flagged activation crosses its boundary. */
export const DependentFieldSchema = z.enum([
  "type",
  "authority",
  "definition",
  "profile",
  "incarnation_cross",
  "channels",
  "defined_centers",
  "variables",
]);
export type DependentField = z.infer<typeof DependentFieldSchema>;

/** Position of a longitude on the Human Design wheel, from the gate down to the base. */
export const WheelPositionSchema = z.object({
  gate: z.number().int().min(1).max(64),
  line: z.number().int().min(1).max(6),
  color: z.number().int().min(1).max(6),
  tone: z.number().int().min(1).max(6),
  base: z.number().int().min(1).max(5),
  /** Angular distance to the nearest line boundary, arcminutes (0 – 28.125). */
  line_boundary_distance_arcmin: z.number().min(0),
  /**
   * True when the longitude lies within the configured margin (default 1′) of a line boundary: a few minutes
   * of birth time could change the line. About the birth time, not the ephemeris (see `near_boundary`).
   */
  within_line_margin: z.boolean(),
});
export type WheelPosition = z.infer<typeof WheelPositionSchema>;

export const ActivationSchema = WheelPositionSchema.extend({
  body: ActivationBodySchema,
  /** Apparent geocentric ecliptic longitude of date, degrees 0–360. */
  longitude: z.number().min(0).lt(360),
  /**
   * null when gate, line, colour, tone and base all hold within the ephemeris error bound of this body and
   * side (README "Accuracy"); otherwise the coarsest level whose boundary lies within that bound.
   */
  near_boundary: NearBoundaryLevelSchema.nullable(),
});
export type Activation = z.infer<typeof ActivationSchema>;

/** A defined channel written as its two gates, lower gate first ("20-34"). */
export const ChannelLabelSchema = z.string().regex(/^\d{1,2}-\d{1,2}$/);

export const IncarnationCrossSchema = z.object({
  /** Family name without the gates, e.g. "Right Angle Cross of Tension". */
  name: z.string(),
  angle: CrossAngleSchema,
  /** Which of the family's crosses (1–4 for right angle, 1–2 for left angle, 1 for juxtaposition). */
  variant: z.number().int().min(1).max(4),
  personality_sun: z.number().int().min(1).max(64),
  personality_earth: z.number().int().min(1).max(64),
  design_sun: z.number().int().min(1).max(64),
  design_earth: z.number().int().min(1).max(64),
});
export type IncarnationCross = z.infer<typeof IncarnationCrossSchema>;

/** Present only when the birth time is unknown: what 24 hourly samples of the birth day say. */
export const UnknownTimeSummarySchema = z.object({
  samples: z.number().int().positive(),
  type: z.array(ValueProbabilitySchema),
  authority: z.array(ValueProbabilitySchema),
  profile: z.array(ValueProbabilitySchema),
  definition: z.array(ValueProbabilitySchema),
  incarnation_cross: z.array(ValueProbabilitySchema),
  /** Gates activated (on either side) at every one of the samples. */
  certain_gates: z.array(z.number().int().min(1).max(64)),
  /** Gates activated at some samples but not at all of them. */
  uncertain_gates: z.array(z.number().int().min(1).max(64)),
  /** Channels defined at every sample. */
  certain_channels: z.array(ChannelLabelSchema),
  /** The local clock time of the sample whose chart fills the main fields. */
  displayed_sample_local_time: z.string(),
});
export type UnknownTimeSummary = z.infer<typeof UnknownTimeSummarySchema>;

export const HumanDesignDataSchema = z.object({
  type: HumanDesignTypeSchema,
  strategy: z.string(),
  signature: z.string(),
  not_self_theme: z.string(),
  authority: AuthoritySchema,
  /** Personality Sun line / design Sun line, e.g. "5/1". */
  profile: z.string().regex(/^[1-6]\/[1-6]$/),
  profile_name: z.string(),
  definition: DefinitionSchema,
  /** Name with gates, e.g. "Right Angle Cross of Tension (38/39 | 48/21)". */
  incarnation_cross: z.string(),
  incarnation_cross_detail: IncarnationCrossSchema,
  defined_centers: z.array(CenterNameSchema),
  undefined_centers: z.array(CenterNameSchema),
  channels: z.array(ChannelLabelSchema),
  /** Every gate activated by any of the 26 activations, ascending. */
  gates: z.array(z.number().int().min(1).max(64)),
  personality: z.array(ActivationSchema),
  design: z.array(ActivationSchema),
  /** UTC instant of birth used for the personality side (ISO 8601). */
  birth_time_utc: z.iso.datetime(),
  /** UTC instant at which the apparent Sun stood 88° of arc before its natal longitude (ISO 8601). */
  design_time: z.iso.datetime(),
  node_type: z.enum(["true", "mean"]),
  /** Activations within the configured line margin (birth-time sensitivity), as "personality.moon" / "design.sun". */
  near_boundary: z.array(z.string()),
  /**
   * Fields that could read otherwise if an activation flagged `near_boundary` lay across its boundary:
   * chart fields recomputed with each "line"-flagged activation moved across, plus "variables" when a Sun,
   * Earth or node is flagged at colour or tone (the variables are read from those).
   */
  fields_at_risk: z.array(DependentFieldSchema),
  conventions: z.object({
    heart_without_throat_authority: z.literal("Ego Projected"),
    wheel: z.string(),
    design_moment: z.string(),
  }),
  unknown_time: UnknownTimeSummarySchema.optional(),
});
export type HumanDesignData = z.infer<typeof HumanDesignDataSchema>;

export const HumanDesignConfigSchema = z.object({
  /** True (osculating) node matches published charts; mean node is offered for schools that use it. */
  node_type: z.enum(["true", "mean"]).default("true"),
  /** An activation this close to a line boundary (arcminutes) is flagged as uncertain. */
  near_boundary_arcmin: z.number().min(0).max(30).default(1),
});
export type HumanDesignConfig = z.infer<typeof HumanDesignConfigSchema>;
