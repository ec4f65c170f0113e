import { z } from "zod";
import { configDefaults } from "../contract.ts";

/**
 * An intelligence module (DESIGN.md §1, §12): identity, config schema with typed defaults, and the events it
 * reads and writes, declared as data for the runtime to wire. Its logic is the pure functions of its folder.
 */
export interface IntelligenceModule<TConfig extends z.ZodObject = z.ZodObject> {
  name: string;
  layer: "intelligence";
  version: string;
  description: string;
  /** Every field has a default, so `config.parse({})` gives the typed defaults. */
  config: TConfig;
  /** Event types that make it work (on the person's topic unless `cosmic.*`). */
  consumes: readonly string[];
  /** Event types it emits, each about one person. */
  emits: readonly string[];
}

const IdentitySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "module names are snake_case"),
  layer: z.literal("intelligence"),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "expected a semantic version"),
  description: z.string().min(1),
  consumes: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, "event types are dotted lower case")),
  emits: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, "event types are dotted lower case")),
});

/**
 * Declares an intelligence module; a bad identity or defaults that fail their own schema fail here, at
 * registration, naming the field.
 */
export function defineIntelligenceModule<TConfig extends z.ZodObject>(module: IntelligenceModule<TConfig>): IntelligenceModule<TConfig> {
  const identity = IdentitySchema.safeParse(module);
  if (!identity.success) {
    const issue = identity.error.issues[0];
    throw new Error(`module ${String(module.name)}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  // zod does not check a default against its schema, so the defaults are parsed a second time.
  const revalidated = module.config.safeParse(configDefaults(module));
  if (!revalidated.success) throw new Error(`module ${module.name}: config defaults are invalid: ${revalidated.error.message}`);
  return module;
}
