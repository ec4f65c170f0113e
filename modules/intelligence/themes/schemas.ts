import { z } from "zod";
import { personalScheduleShape, RECOVER_AFTER_DEBOUNCE } from "../schedule.ts";
import { NarrativeConfigSchema } from "./narrative-schemas.ts";
import { defaultHighlights, defaultThemeRules } from "./table.ts";

const FieldValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One row of the theme table: when a module's field has a value, it supports these themes with these weights.
 * `field` is a dotted path into the module's data; a segment after an array picks the element whose `name` is
 * that segment (`bodies.sun.sign`); an array of plain values at the end matches when it contains the value
 * (`defined_centers`).
 */
export const ThemeRuleSchema = z.object({
  module: z.string().min(1),
  field: z.string().min(1),
  value: FieldValueSchema,
  themes: z.record(z.string().regex(/^[a-z][a-z_]*$/), z.number().positive()),
});
export type ThemeRule = z.infer<typeof ThemeRuleSchema>;

export const ThemesConfigSchema = z.object({
  rules: z.array(ThemeRuleSchema).default(defaultThemeRules),
  /** A theme counts only when this many different systems (modules) support it. */
  min_systems: z.int().min(2).default(2),
  /** Fields shown per module as its highlights. */
  highlights: z.record(z.string(), z.array(z.string())).default(defaultHighlights),
  /** Insights shown per module besides its highlighted fields. */
  highlight_insights: z.int().nonnegative().default(3),
  /** An optional prose narrative from an OpenAI-compatible endpoint (off by default). */
  narrative: NarrativeConfigSchema.default(() => NarrativeConfigSchema.parse({})),
  /**
   * The synthesis's tracking context is refreshed after sky events (`cosmic.*`): for the person an event names after
   * 30 s, for everyone 30 s after the latest event about everyone; and daily for everyone, so that it is never more
   * than a day old.
   */
  ...personalScheduleShape({ debounceMs: 30_000, scheduleHours: 24, recoverAfterMs: 600_000, recoverBatch: 100_000 }),
}).refine(...RECOVER_AFTER_DEBOUNCE);
export type ThemesConfig = z.output<typeof ThemesConfigSchema>;

/** What the synthesis reads of a module's stored output (DESIGN.md §4). */
export const ModuleResultSchema = z.object({
  module: z.string(),
  data: z.record(z.string(), z.unknown()),
  insights: z.array(z.string()).default([]),
});
export type ModuleResult = z.input<typeof ModuleResultSchema>;

export const SupportSchema = z.object({ module: z.string(), field: z.string(), value: FieldValueSchema, weight: z.number() });

export const ThemeSchema = z.object({
  name: z.string(),
  /** Sum of the supporting rows' weights. */
  weight: z.number(),
  /** Distinct modules among the support; at least `min_systems`. */
  systems: z.int(),
  supported_by: z.array(SupportSchema),
});
export type Theme = z.infer<typeof ThemeSchema>;

export const SynthesisCoreSchema = z.object({
  themes: z.array(ThemeSchema),
  /** Per module, its highlighted fields as a list (a field is a dotted path, and document stores refuse dotted keys). */
  highlights: z.record(
    z.string(),
    z.object({ fields: z.array(z.object({ field: z.string(), value: z.unknown() })), insights: z.array(z.string()) }),
  ),
  coverage: z.object({
    done: z.array(z.string()),
    pending: z.array(z.string()),
    registered: z.int(),
    ratio: z.number().min(0).max(1),
    /** The original's coverage confidence: min(0.95, 0.95 · done / registered), 0.5 when nothing is registered. */
    confidence: z.number().min(0).max(1),
  }),
  confirmed_hypotheses: z.array(z.object({ id: z.string(), claim: z.string(), confidence: z.number() })),
});
export type SynthesisCore = z.infer<typeof SynthesisCoreSchema>;
