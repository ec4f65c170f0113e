import { z } from "zod";
import type { BirthData } from "./birth-data.ts";

export const LayerSchema = z.enum(["calculation", "tracking", "intelligence"]);
export type Layer = z.infer<typeof LayerSchema>;

/**
 * `full`: every input was known; `probabilistic`: sampled over an unknown birth time; `partial`: an observed
 * input was missing or stale (a tracking feed that did not answer).
 */
export const AccuracySchema = z.enum(["full", "probabilistic", "partial"]);
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

/** What every module declares about itself (DESIGN.md §1). */
interface ModuleIdentity<TConfig extends z.ZodObject> {
  name: string;
  version: string;
  description: string;
  /** Every field has a default, so `config.parse({})` gives the typed defaults. */
  config: TConfig;
}

/**
 * A calculation module (DESIGN.md §1, §4). Every field of `config` has a default, so `config.parse({})`
 * gives the typed defaults and a stored row only needs the fields it changes.
 */
export interface CalculationModule<
  TConfig extends z.ZodObject = z.ZodObject,
  TData extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> extends ModuleIdentity<TConfig> {
  layer: "calculation";
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
  assertValidIdentity(module);
  assertValidDefaults(module.name, module.config);
  return module;
}

function assertValidIdentity(module: { name: unknown }): void {
  const identity = ModuleIdentitySchema.safeParse(module);
  if (!identity.success) {
    const issue = identity.error.issues[0];
    throw new Error(`module ${String(module.name)}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
}

/**
 * Checks that a config schema's defaults satisfy the schema itself. zod does not validate a `.default()`
 * value, so the defaults are parsed a second time to catch e.g. `z.number().min(5).default(1)`.
 */
function assertValidDefaults(name: string, config: z.ZodObject): Record<string, unknown> {
  const defaults = config.safeParse({});
  const revalidated = defaults.success ? config.safeParse(defaults.data) : defaults;
  if (!revalidated.success) throw new Error(`module ${name}: config defaults are invalid: ${revalidated.error.message}`);
  return revalidated.data;
}

/** The typed defaults of a module's config. */
export function configDefaults<TConfig extends z.ZodObject>(module: { config: TConfig }): z.output<TConfig> {
  return module.config.parse({});
}

/** Every tracking module's config has these fields (with defaults) besides its own. */
export const TrackingScheduleSchema = z.object({
  /** Seconds between two ticks. */
  cadence_seconds: z.number().int().min(1).max(86_400),
  /** Days a tick's snapshot is kept in `tracking_history`. */
  history_days: z.number().min(0.01).max(3650).default(90),
  /** First retry delay after a failed tick, seconds; doubles up to the cadence. */
  retry_initial_seconds: z.number().min(0.01).default(5),
});

/** A user as tracking modules see them: natal points (longitudes, degrees) from their stored astrology profile. */
export interface TrackedUser {
  user_id: string;
  /** Natal longitudes by name (`sun` … `pluto`, `true_node`, `ascendant`, `midheaven` where known). */
  points: Record<string, number>;
  /** The 12 natal house cusps (longitudes), when the birth time is known. */
  cusps?: number[];
}

/**
 * A sky or space-weather event a tick found. The key is stable across ticks, restarts and nodes (built from
 * what happened and its exact time), so the runtime publishes each occurrence exactly once.
 */
export interface TrackingOccurrence {
  key: string;
  type: `cosmic.${string}`;
  /** When it happens (UTC ISO). */
  time: string;
  /** User id, for per-user events such as exact transits to a natal point. */
  subject?: string;
  data: Record<string, unknown>;
}

export interface TrackingTickInput<TConfig> {
  at: Date;
  /** Occurrences whose time falls in (windowStart, at] belong to this tick. */
  windowStart: Date;
  config: TConfig;
  /** What `observe` returned for this tick (solar: the feed readings); undefined for modules without it. */
  observation: unknown;
  users: readonly TrackedUser[];
}

export interface TrackingTickResult<TSnapshot> {
  snapshot: TSnapshot;
  occurrences: TrackingOccurrence[];
  insights: string[];
}

/**
 * A tracking module: observes the sky or space weather on a schedule. `tick` is pure; `observe` is its only
 * I/O (fetching feeds), run by the runtime before the tick.
 */
export interface TrackingModule<
  TConfig extends z.ZodObject = z.ZodObject,
  TSnapshot extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> extends ModuleIdentity<TConfig> {
  layer: "tracking";
  snapshot: TSnapshot;
  /** The snapshot for any instant, where the module can compute one (lunar, transits); absent for observers. */
  snapshotAt?(at: Date, config: z.output<TConfig>): z.output<TSnapshot>;
  observe?(context: { at: Date; config: z.output<TConfig>; previous: unknown }): Promise<unknown>;
  tick(input: TrackingTickInput<z.output<TConfig>>): TrackingTickResult<z.output<TSnapshot>>;
  /** How far a snapshot can be trusted, for observers whose inputs can be missing or stale; absent: full. */
  quality?(snapshot: z.output<TSnapshot>): { confidence: number; accuracy: Accuracy; notes: string[] };
  /** The module's current context for one user's synthesis (user undefined: the general context). */
  contribute(
    snapshot: z.output<TSnapshot>,
    user: TrackedUser | undefined,
    config: z.output<TConfig>,
  ): { data: Record<string, unknown>; insights: string[] };
}

/** Declares a tracking module; its config defaults must include the schedule fields. */
export function defineTrackingModule<TConfig extends z.ZodObject, TSnapshot extends z.ZodType<Record<string, unknown>>>(
  module: TrackingModule<TConfig, TSnapshot>,
): TrackingModule<TConfig, TSnapshot> {
  assertValidIdentity(module);
  const defaults = assertValidDefaults(module.name, module.config);
  const schedule = TrackingScheduleSchema.safeParse(defaults);
  if (!schedule.success) {
    throw new Error(`module ${module.name}: config must have ${schedule.error.issues.map((issue) => issue.path.join(".")).join(", ")}`);
  }
  return module;
}

/**
 * An intelligence module (DESIGN.md §1, §12): identity, config schema with typed defaults, and the events it
 * reads and writes, declared as data for the runtime to wire. Its logic is the pure functions of its folder.
 */
export interface IntelligenceModule<TConfig extends z.ZodObject = z.ZodObject> extends ModuleIdentity<TConfig> {
  layer: "intelligence";
  /** Event types that make it work (on the person's topic unless `cosmic.*`). */
  consumes: readonly string[];
  /** Event types it emits, each about one person. */
  emits: readonly string[];
  /**
   * Works per person, on new journal entries (debounced) and on a schedule: the node runs it in a per-person
   * actor. Absent, its actor only holds its config (the node calls its functions where they are needed).
   */
  personal?: boolean;
}

const EventTypesSchema = z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, "event types are dotted lower case"));

/**
 * Declares an intelligence module; a bad identity, bad event types or defaults that fail their own schema fail
 * here, at registration, naming the field.
 */
export function defineIntelligenceModule<TConfig extends z.ZodObject>(module: IntelligenceModule<TConfig>): IntelligenceModule<TConfig> {
  assertValidIdentity(module);
  const events = z.object({ consumes: EventTypesSchema, emits: EventTypesSchema }).safeParse(module);
  if (!events.success) {
    const issue = events.error.issues[0];
    throw new Error(`module ${module.name}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  assertValidDefaults(module.name, module.config);
  return module;
}
