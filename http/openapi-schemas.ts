import { z } from "zod";
import { NodeViewSchema, RetainedActorSchema } from "../bus/retained-view.ts";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { LayerSchema, ModuleOutputSchema } from "../modules/contract.ts";
import { UserTransitsSchema } from "../modules/tracking/transits/schemas.ts";
import { UpcomingSchema } from "../modules/tracking/upcoming/schemas.ts";
import { SynthesisCoreSchema } from "../modules/intelligence/themes/schemas.ts";

/**
 * The shapes of HTTP answers, for the OpenAPI document only: routes build them from stores and actors
 * whose own types these follow. Requests are described by the zod schemas the routes validate with.
 */
export const ErrorSchema = z.object({
  error: z.string().describe("stable code, e.g. invalid_input, not_found, payload_too_large, invalid_config, not_ready"),
  message: z.string(),
  issues: z.array(z.object({ path: z.string().describe("the field at fault"), message: z.string() })).optional(),
});

const Iso = z.string().describe("UTC instant, ISO 8601");

/** Why a stored config was not used (the defaults were), field by field. */
const ConfigErrorSchema = z.object({ message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })) });

export const HealthSchema = z.object({ status: z.enum(["ok"]) });
export const ReadinessSchema = z.looseObject({ status: z.enum(["ready", "not_ready"]) });

export const UserSubmittedSchema = z.object({
  id: z.string(),
  birth: BirthDataSchema,
  status: z.enum(["processing"]),
  revision: z.number().int(),
  event_id: z.string().describe("id of the user.birth_data.updated event"),
});

export const UserSchema = z.object({ id: z.string(), birth: BirthDataSchema, revision: z.number().int(), created_at: Iso, updated_at: Iso });

export const ProfileSchema = z.looseObject({
  ...ModuleOutputSchema.partial().shape,
  user_id: z.string(),
  module: z.string(),
  status: z.enum(["ok", "error"]),
  error: ErrorSchema.optional(),
});

export const SynthesisSchema = z.looseObject({
  user_id: z.string(),
  revision: z.number().int(),
  generated_at: Iso,
  modules: z.record(z.string(), ModuleOutputSchema),
  insights: z.array(z.string()),
  errors: z.array(z.object({ module: z.string(), error: z.string(), message: z.string() })),
  tracking: z.record(z.string(), z.object({ as_of: Iso, data: z.record(z.string(), z.unknown()), insights: z.array(z.string()) })).optional(),
  themes: SynthesisCoreSchema.shape.themes.describe("themes two or more systems support, heaviest first").optional(),
  highlights: SynthesisCoreSchema.shape.highlights.optional(),
  coverage: SynthesisCoreSchema.shape.coverage.optional(),
  confirmed_hypotheses: SynthesisCoreSchema.shape.confirmed_hypotheses.optional(),
  narrative: z
    .object({ text: z.string(), model: z.string(), generated_at: Iso, source_revision: z.number().int() })
    .describe("optional prose reading of the themes, from the configured provider; added after the synthesis")
    .optional(),
});

export const SynthesisProgressSchema = z.object({
  status: z.enum(["pending", "synthesizing"]).describe("synthesizing: every module has answered, the synthesis is being written"),
  modules_done: z.array(z.string()),
  modules_pending: z.array(z.string()),
});

export const ModulesSchema = z.object({
  modules: z.array(
    z.object({
      name: z.string(),
      layer: LayerSchema,
      version: z.string(),
      description: z.string(),
      hosted: z.boolean().describe("this node runs an actor for it"),
      state: z.string().nullable(),
      config: z.object({ source: z.enum(["database", "defaults"]), version: z.number().int(), error: ConfigErrorSchema.nullable() }),
    }),
  ),
});

export const ConfigSchema = z.object({
  module_name: z.string(),
  version: z.number().int(),
  source: z.enum(["database", "defaults"]).optional(),
  config: z.record(z.string(), z.unknown()),
  error: ConfigErrorSchema.nullable().optional(),
});

export const ActorsSchema = z.object({ node: z.string(), actors: z.array(RetainedActorSchema) });
export const NodesSchema = z.object({ node: z.string().describe("the node answering"), nodes: z.array(NodeViewSchema) });

export const TrackingOutputSchema = ModuleOutputSchema.extend({
  user: z.object({ user_id: z.string(), data: z.record(z.string(), z.unknown()), insights: z.array(z.string()) }).optional(),
});

export const HistorySchema = z.object({
  module: z.string(),
  from: Iso,
  to: Iso,
  limit: z.number().int(),
  snapshots: z.array(z.object({ at: Iso, data: z.record(z.string(), z.unknown()), insights: z.array(z.string()) })),
});

export { UpcomingSchema };
export const UserTransitsAnswerSchema = UserTransitsSchema.extend({ user_id: z.string() });

const ScopeList = z.array(z.enum(["admin", "users:write", "users:read", "calc", "events:read"]));
export const ApiKeyListSchema = z.object({
  keys: z.array(z.object({ id: z.string(), scopes: ScopeList, label: z.string().optional(), created_at: Iso })),
});
export const CreatedApiKeySchema = z.object({
  id: z.string(),
  key: z.string().describe("`gk_<id>_<secret>`: shown only in this answer"),
  scopes: ScopeList,
  label: z.string().optional(),
  created_at: Iso,
});
export const TokenRequestSchema = z.object({ expires_in_seconds: z.number().int().min(60).optional() });
export const IssuedTokenSchema = z.object({
  user_id: z.string(),
  token: z.string().describe("`Authorization: Bearer <token>`; on MQTT the password, with the user id as username"),
  expires_at: Iso,
  mqtt: z.object({ username: z.string() }),
});
