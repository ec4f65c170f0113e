import { z } from "zod";
import type { BirthData } from "./birth-data.ts";

export const LayerSchema = z.enum(["calculation", "tracking", "intelligence"]);
export type Layer = z.infer<typeof LayerSchema>;

/** `full`: every input was known; `probabilistic`: sampled over an unknown birth time. */
export const AccuracySchema = z.enum(["full", "probabilistic"]);
export type Accuracy = z.infer<typeof AccuracySchema>;

export const ModuleMetadataSchema = z.object({
  confidence: z.number().min(0).max(1),
  accuracy: AccuracySchema,
  calculated_at: z.iso.datetime(),
  config_version: z.number().int().nonnegative(),
  notes: z.array(z.string()),
});

/**
 * A module's result as stored in `profiles`, served by the API and CLI, and contributed to the master
 * synthesis (DESIGN.md §4).
 */
export const ModuleOutputSchema = z.object({
  module: z.string(),
  layer: LayerSchema,
  version: z.string(),
  data: z.record(z.string(), z.unknown()),
  insights: z.array(z.string()),
  metadata: ModuleMetadataSchema,
});
export type ModuleOutput = z.infer<typeof ModuleOutputSchema>;

/** What a pure calculation returns; the runtime adds the module's identity and the metadata. */
export interface CalculationResult<TData> {
  data: TData;
  insights: string[];
  /** 0–1; 1 when every input needed was known. */
  confidence: number;
  accuracy: Accuracy;
  notes?: string[];
}

/** Everything a calculation may depend on besides birth data and config: injected, never read from a clock. */
export interface CalculationContext {
  now: Date;
}

/**
 * A calculation module (DESIGN.md §1, §4). Every field of `config` has a default, so `config.parse({})`
 * gives the typed defaults and a stored row only needs the fields it changes.
 */
export interface CalculationModule<
  TConfig extends z.ZodObject = z.ZodObject,
  TData extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> {
  name: string;
  layer: "calculation";
  version: string;
  description: string;
  config: TConfig;
  data: TData;
  calculate(birth: BirthData, config: z.output<TConfig>, context: CalculationContext): CalculationResult<z.output<TData>>;
}

const ModuleIdentitySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "module names are snake_case"),
  layer: LayerSchema,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "expected a semantic version"),
  description: z.string().min(1),
});

/**
 * Declares a calculation module, checking its identity and that its defaults are valid. A bad descriptor
 * fails here, at registration, naming the field, rather than at the first event.
 */
export function defineCalculationModule<TConfig extends z.ZodObject, TData extends z.ZodType<Record<string, unknown>>>(
  module: CalculationModule<TConfig, TData>,
): CalculationModule<TConfig, TData> {
  const identity = ModuleIdentitySchema.safeParse(module);
  if (!identity.success) {
    const issue = identity.error.issues[0];
    throw new Error(`module ${String(module.name)}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const defaults = module.config.safeParse({});
  if (!defaults.success) {
    throw new Error(`module ${module.name}: config defaults are invalid: ${defaults.error.message}`);
  }
  return module;
}

/** The typed defaults of a module's config. */
export function configDefaults<TConfig extends z.ZodObject>(module: { config: TConfig }): z.output<TConfig> {
  return module.config.parse({});
}
