import { z } from "zod";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { ModuleOutputSchema } from "../modules/contract.ts";
import type { Registry } from "../modules/registry.ts";

const ErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(registry: Registry) {
  const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } });
  const errors = { "4XX": { description: "error", content: json(ErrorSchema) } };
  const moduleParam = { name: "module", in: "path", required: true, schema: { type: "string", enum: registry.all.map((m) => m.name) } };
  const configParam = { ...moduleParam, schema: { type: "string", enum: [...registry.all.map((m) => m.name), "runtime"] } };
  const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
  return {
    openapi: "3.1.0",
    info: { title: "GUTTERS", version: "1" },
    paths: {
      "/health/live": { get: { responses: { 200: { description: "process is alive" } } } },
      "/health/ready": { get: { responses: { 200: { description: "ready" }, 503: { description: "not ready" } } } },
      "/v1/users": { post: { requestBody: { content: json(BirthDataSchema) }, responses: { 201: { description: "created" }, ...errors } } },
      "/v1/users/{id}": {
        parameters: [idParam],
        get: { responses: { 200: { description: "user" }, ...errors } },
        put: { requestBody: { content: json(BirthDataSchema) }, responses: { 200: { description: "updated" }, 201: { description: "created" }, ...errors } },
        delete: { responses: { 204: { description: "erased" }, ...errors } },
      },
      "/v1/users/{id}/profiles": { parameters: [idParam], get: { responses: { 200: { description: "profiles" }, ...errors } } },
      "/v1/users/{id}/profiles/{module}": {
        parameters: [idParam, moduleParam],
        get: { responses: { 200: { description: "module output", content: json(ModuleOutputSchema) }, ...errors } },
      },
      "/v1/users/{id}/synthesis": {
        parameters: [idParam],
        get: { responses: { 200: { description: "synthesis" }, 202: { description: "modules still working" }, ...errors } },
      },
      "/v1/calc/{module}": {
        parameters: [moduleParam],
        post: { requestBody: { content: json(BirthDataSchema) }, responses: { 200: { description: "module output", content: json(ModuleOutputSchema) }, ...errors } },
      },
      "/v1/modules": { get: { responses: { 200: { description: "modules and their config state" } } } },
      "/v1/config/{module}": {
        parameters: [configParam],
        get: { responses: { 200: { description: "config" }, ...errors } },
        put: { responses: { 200: { description: "stored" }, 422: { description: "invalid or unknown key", content: json(ErrorSchema) } } },
        patch: { responses: { 200: { description: "merged and stored" }, 422: { description: "invalid or unknown key", content: json(ErrorSchema) } } },
      },
      "/v1/actors": { get: { responses: { 200: { description: "actor summaries" } } } },
      "/v1/actors/{id}": { get: { responses: { 200: { description: "actor summary" }, ...errors } } },
      "/v1/actors/stream": { get: { responses: { 200: { description: "server-sent inspection events" } } } },
      "/metrics": { get: { responses: { 200: { description: "Prometheus text" } } } },
    },
  };
}
