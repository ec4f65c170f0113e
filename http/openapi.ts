import { z } from "zod";
import { NewApiKeySchema } from "../auth/schemas.ts";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { ModuleOutputSchema } from "../modules/contract.ts";
import { isTrackingModule, type Registry } from "../modules/registry.ts";
import * as S from "./openapi-schemas.ts";
import { FeedbackSchema, HypothesisSchema } from "../modules/intelligence/hypotheses/schemas.ts";
import { JournalEntryInputSchema, JournalEntrySchema } from "../modules/intelligence/journal/schemas.ts";
import { FindingSchema } from "../modules/intelligence/observer/schemas.ts";

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const ERROR_MEANING: Record<Status, string> = {
  400: "invalid input: `issues[].path` names each bad field (an instant outside 1500–2200 included)",
  401: "`unauthenticated`: no credential, or one that is unknown, revoked or expired",
  403: "`forbidden`: the credential lacks the scope this needs",
  404: "unknown user, module or route (also another person's user, for a person's token)",
  409: "`config_conflict`: the config changed between the PATCH's read and write; retry",
  413: "body over 64 KiB",
  422: "valid JSON that cannot be processed (invalid config or unknown config key, no natal chart yet, instant not supported)",
  429: "`rate_limited`: too many requests from this client; retry after `Retry-After` seconds",
  503: "not ready, `busy` (compute queue full), or a database or broker that does not answer (see Retry-After)",
};

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
const json = (schema: z.ZodType) => ({ "application/json": { schema: schemaOf(schema) } });
const ok = (description: string, schema?: z.ZodType) => (schema === undefined ? { description } : { description, content: json(schema) });
const responses = (statuses: Status[]) => Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/Error${status}` }]));
/** Error responses of a route that needs a credential; every route but /health/* may answer 429 once its caller goes over the rate limit. */
const errors = (...statuses: Status[]) => responses([401, 403, ...statuses, 429]);
/** The pages and this document need no credential. */
const open = { security: [] as never[] };
const openErrors = () => responses([429]);
const body = (schema: z.ZodType, description: string) => ({ required: true, description, content: json(schema) });
const query = (name: string, description: string, schema: Record<string, unknown> = { type: "string" }) => ({ name, in: "query", required: false, description, schema });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: "string" } } } });

/**
 * The OpenAPI 3.1 document of every route (README "HTTP API"), generated from the same zod schemas the
 * routes validate with. `origin` is the address the document was asked at, so `servers` points back there.
 */
export function openApiDocument(registry: Registry, origin?: string) {
  return withOperationIds(describeApi(registry, origin));
}

/** `get /v1/users/{id}/profiles` → `getUsersIdProfiles`: unique, stable ids for clients generated from the document. */
function withOperationIds<T extends { paths: Record<string, Record<string, unknown>> }>(document: T): T {
  for (const [path, item] of Object.entries(document.paths)) {
    const words = path.replace(/^\/v1/, "").split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
    for (const [method, operation] of Object.entries(item)) {
      if (method === "parameters" || typeof operation !== "object" || operation === null) continue;
      const name = [method, ...words].map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1))).join("");
      Object.assign(operation, { operationId: name });
    }
  }
  return document;
}

function describeApi(registry: Registry, origin?: string) {
  const names = registry.all.map((module) => module.name);
  const trackers = registry.all.filter(isTrackingModule).map((module) => module.name);
  const calculations = registry.calculationModules().map((module) => module.name);
  const idParam = { name: "id", in: "path", required: true, description: "user id", schema: { type: "string" } };
  const moduleParam = (list: string[]) => ({ name: "module", in: "path", required: true, schema: { type: "string", enum: list } });
  const at = query("at", "instant (ISO 8601), default now", { type: "string", format: "date-time" });
  const user = query("user", "a user id: adds that user's context (needs their astrology profile)");
  const birth = body(BirthDataSchema, "birth data (a time needs a timezone or utc_offset; a local time the zone skipped or repeated is refused)");

  return {
    openapi: "3.1.0",
    info: {
      title: "GUTTERS",
      version: "1",
      license: { name: "MIT", identifier: "MIT" },
      description:
        "Cosmic profiles computed by module actors, live sky tracking and the state of every node. Errors are JSON `{error, message, issues?}`.",
    },
    servers: [{ url: origin ?? "/", description: origin === undefined ? "this node" : "the node that served this document" }],
    // Every route needs `Authorization: Bearer <API key or person's token>` unless it says otherwise (DESIGN.md §11).
    security: [{ bearer: [] }],
    tags: [
      { name: "users", description: "people, their module profiles and synthesis" },
      { name: "calculation", description: "stateless calculations and modules" },
      { name: "config", description: "module configuration" },
      { name: "tracking", description: "sky and space-weather tracking" },
      { name: "intelligence", description: "a person's journal, the patterns found in it and the hypotheses they start" },
      { name: "inspection", description: "live state of nodes and actors" },
      { name: "access", description: "API keys for services, tokens for people" },
      { name: "operations", description: "health, metrics, this document and the pages for people" },
    ],
    paths: {
      "/health/live": { get: { tags: ["operations"], ...open, summary: "the process is running", responses: { 200: ok("alive", S.HealthSchema) } } },
      "/health/ready": {
        get: { tags: ["operations"], ...open, summary: "database, broker and module actors are ready", responses: { 200: ok("ready", S.ReadinessSchema), 503: ok("not ready", S.ReadinessSchema) } },
      },
      "/v1/users": {
        post: { tags: ["users"], summary: "store a person and run every module", requestBody: birth, responses: { 201: ok("stored; the modules are working", S.UserSubmittedSchema), ...errors(400, 413, 503) } },
      },
      "/v1/users/{id}": {
        parameters: [idParam],
        get: { tags: ["users"], summary: "a person's birth data", responses: { 200: ok("the user", S.UserSchema), ...errors(400, 404, 503) } },
        put: {
          tags: ["users"],
          summary: "create or update a person under a chosen id (re-runs the pipeline)",
          requestBody: birth,
          responses: { 200: ok("updated", S.UserSubmittedSchema), 201: ok("created", S.UserSubmittedSchema), ...errors(400, 413, 503) },
        },
        delete: { tags: ["users"], summary: "erase every document and retained message of a person", responses: { 204: { description: "erased" }, ...errors(400, 404, 503) } },
      },
      "/v1/users/{id}/profiles": {
        parameters: [idParam],
        get: { tags: ["users"], summary: "every stored module output", responses: { 200: ok("profiles", z.object({ profiles: z.array(S.ProfileSchema) })), ...errors(400, 404, 503) } },
      },
      "/v1/users/{id}/profiles/{module}": {
        parameters: [idParam, moduleParam(calculations)],
        get: { tags: ["users"], summary: "one stored module output", responses: { 200: ok("module output", S.ProfileSchema), ...errors(400, 404, 503) } },
      },
      "/v1/users/{id}/synthesis": {
        parameters: [idParam],
        get: {
          tags: ["users"],
          summary: "every module's contribution, once all have answered",
          responses: { 200: ok("synthesis", S.SynthesisSchema), 202: ok("modules still working, or the synthesis being written", S.SynthesisProgressSchema), ...errors(400, 404, 503) },
        },
      },
      "/v1/users/{id}/transits": {
        parameters: [idParam],
        get: {
          tags: ["tracking"],
          summary: "aspects of Sun … Pluto to the person's natal chart, natal houses, exact times in the next 30 days",
          parameters: [at],
          responses: { 200: ok("transits", S.UserTransitsAnswerSchema), ...errors(400, 404, 422, 503) },
        },
      },
      "/v1/users/{id}/journal": {
        parameters: [idParam],
        post: {
          tags: ["intelligence"],
          summary: "store a journal entry with the cosmic context of its time (an `id` sent makes a retry the same entry)",
          requestBody: body(JournalEntryInputSchema.strict(), "the entry; `time` defaults to now (1500–2200), unknown fields are refused"),
          responses: { 201: ok("stored", JournalEntrySchema), 200: ok("an entry with this id was stored before: the stored one", JournalEntrySchema), ...errors(400, 404, 413, 503) },
        },
        get: {
          tags: ["intelligence"],
          summary: "the person's journal, newest first, one page at a time",
          parameters: [
            query("limit", "entries per page (default 20, at most 100)", { type: "integer", minimum: 1, maximum: 100 }),
            query("before", "an instant (entries before it) or the `next` cursor of the previous page"),
          ],
          responses: {
            200: ok("a page", z.object({ user_id: z.string(), limit: z.number().int(), entries: z.array(JournalEntrySchema), next: z.string().nullable().describe("cursor of the next page; null at the end") })),
            ...errors(400, 404, 503),
          },
        },
      },
      "/v1/users/{id}/findings": {
        parameters: [idParam],
        get: {
          tags: ["intelligence"],
          summary: "patterns the observer found in the person's journal (a lapsed one has `lapsed_at`: the latest run no longer found it)",
          parameters: [query("status", "`holding` (the latest run found it) or `lapsed`; absent, both", { type: "string", enum: ["holding", "lapsed"] })],
          responses: { 200: ok("findings", z.object({ user_id: z.string(), findings: z.array(FindingSchema) })), ...errors(400, 404, 503) },
        },
      },
      "/v1/users/{id}/hypotheses": {
        parameters: [idParam],
        get: { tags: ["intelligence"], summary: "hypotheses with their evidence ledger", responses: { 200: ok("hypotheses", z.object({ user_id: z.string(), hypotheses: z.array(HypothesisSchema) })), ...errors(400, 404, 503) } },
      },
      "/v1/users/{id}/hypotheses/{hid}/feedback": {
        parameters: [idParam, { name: "hid", in: "path", required: true, description: "hypothesis id", schema: { type: "string" } }],
        post: {
          tags: ["intelligence"],
          summary: "the person confirms or rejects a hypothesis (evidence +1.00 or −1.50)",
          requestBody: body(FeedbackSchema.strict(), "`confirm` or `reject`"),
          responses: { 200: ok("the hypothesis after the feedback", HypothesisSchema), ...errors(400, 404, 413, 503) },
        },
      },
      "/v1/calc/{module}": {
        parameters: [moduleParam(calculations)],
        post: { tags: ["calculation"], summary: "a module output for birth data, nothing stored", requestBody: birth, responses: { 200: ok("module output", ModuleOutputSchema), ...errors(400, 404, 413) } },
      },
      "/v1/modules": { get: { tags: ["calculation"], summary: "modules with their config source, version and error", responses: { 200: ok("modules", S.ModulesSchema), ...errors(503) } } },
      "/v1/config/{module}": {
        parameters: [{ ...moduleParam([...names, "runtime"]), description: "a module, or `runtime` for the node limits row" }],
        get: { tags: ["config"], summary: "a module's current config", responses: { 200: ok("config", S.ConfigSchema), ...errors(404, 503) } },
        put: {
          tags: ["config"],
          summary: "replace a module's config (omitted fields keep their defaults; unknown keys are refused)",
          requestBody: { required: true, description: "the module's config object (see GET for its fields)", content: { "application/json": { schema: { type: "object" } } } },
          responses: { 200: ok("stored; every node hosting the module reloads it", S.ConfigSchema), ...errors(400, 404, 413, 422, 503) },
        },
        patch: {
          tags: ["config"],
          summary: "merge fields into a module's current config",
          requestBody: { required: true, description: "the fields to change", content: { "application/json": { schema: { type: "object" } } } },
          responses: { 200: ok("merged and stored", S.ConfigSchema), ...errors(400, 404, 409, 413, 422, 503) },
        },
      },
      "/v1/actors": { get: { tags: ["inspection"], summary: "this node's actor summaries", responses: { 200: ok("actors", S.ActorsSchema), ...errors() } } },
      "/v1/actors/{id}": {
        parameters: [{ name: "id", in: "path", required: true, description: "actor id, e.g. module.numerology", schema: { type: "string" } }],
        get: { tags: ["inspection"], summary: "one actor summary", responses: { 200: ok("actor", S.ActorsSchema.shape.actors.element), ...errors(404) } },
      },
      "/v1/actors/stream": {
        get: {
          tags: ["inspection"],
          summary: "server-sent events: `actors` (summaries) first, then sanitized `inspection` events",
          responses: { 200: text("text/event-stream", "event stream"), ...errors(503) },
        },
      },
      "/v1/nodes": {
        get: { tags: ["inspection"], summary: "every node this node has seen on the broker: presence and actor summaries", responses: { 200: ok("nodes", S.NodesSchema), ...errors() } },
      },
      "/v1/tracking/{module}": {
        parameters: [moduleParam(trackers)],
        get: {
          tags: ["tracking"],
          summary: "a tracking snapshot (lunar and transits for any instant; solar: the latest observation)",
          parameters: [at, user],
          responses: { 200: ok("snapshot", S.TrackingOutputSchema), ...errors(400, 404, 422, 503) },
        },
      },
      "/v1/tracking/{module}/history": {
        parameters: [moduleParam(trackers)],
        get: {
          tags: ["tracking"],
          summary: "stored snapshots, oldest first (at most 1000)",
          parameters: [query("from", "start (ISO 8601), default a day before `to`", { type: "string", format: "date-time" }), query("to", "end (ISO 8601), default now", { type: "string", format: "date-time" })],
          responses: { 200: ok("history", S.HistorySchema), ...errors(400, 404, 503) },
        },
      },
      "/v1/tracking/upcoming": {
        get: {
          tags: ["tracking"],
          summary: "phases, ingresses, stations, void-of-course periods and, with a user, exact transits, sorted by time",
          parameters: [at, query("days", "how many days ahead (default 7, at most 366)", { type: "number", exclusiveMinimum: 0, maximum: 366 }), user],
          responses: { 200: ok("upcoming events", S.UpcomingSchema), ...errors(400, 404, 422, 503) },
        },
      },
      "/metrics": { get: { tags: ["operations"], summary: "Prometheus metrics", responses: { 200: text("text/plain", "Prometheus text format 0.0.4"), ...errors() } } },
      "/openapi.json": {
        get: { tags: ["operations"], ...open, summary: "this document", responses: { 200: { description: "OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } }, ...openErrors() } },
      },
      "/docs": { get: { tags: ["operations"], ...open, summary: "this reference, rendered", responses: { 200: text("text/html", "HTML page"), ...openErrors() } } },
      "/inspect": {
        get: {
          tags: ["operations"],
          ...open,
          summary: "live inspection page (credential from the URL fragment `#key=…`, never the query string)",
          responses: { 200: text("text/html", "HTML page"), ...openErrors() },
        },
      },
      "/v1/keys": {
        get: { tags: ["access"], summary: "API keys (ids, scopes, labels; never a key or its hash) — admin", responses: { 200: ok("keys", S.ApiKeyListSchema), ...errors(503) } },
        post: {
          tags: ["access"],
          summary: "create an API key — admin; the key is in this answer only",
          requestBody: body(NewApiKeySchema, "scopes among admin, users:write, users:read, calc, events:read; an optional label"),
          responses: { 201: ok("created", S.CreatedApiKeySchema), ...errors(400, 413, 422, 503) },
        },
      },
      "/v1/keys/{id}": {
        parameters: [{ name: "id", in: "path", required: true, description: "key id (the part after `gk_`)", schema: { type: "string" } }],
        delete: { tags: ["access"], summary: "revoke an API key — admin (other nodes stop accepting it within `auth_cache_ms`)", responses: { 204: { description: "revoked" }, ...errors(400, 404, 503) } },
      },
      "/v1/users/{id}/tokens": {
        parameters: [idParam],
        post: {
          tags: ["access"],
          summary: "a token for the person (reads and writes this user only; also their MQTT password) — users:write",
          requestBody: { required: false, description: "optional `expires_in_seconds` (at most `person_token_max_ttl_seconds`)", content: json(S.TokenRequestSchema) },
          responses: { 201: ok("issued", S.IssuedTokenSchema), ...errors(400, 404, 413, 422, 503) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "an API key (`gk_…`) or a person's token" } },
      schemas: { Error: schemaOf(S.ErrorSchema) },
      responses: Object.fromEntries(
        (Object.entries(ERROR_MEANING) as [string, string][]).map(([status, description]) => [
          `Error${status}`,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}
