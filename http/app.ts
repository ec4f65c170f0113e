import { Elysia } from "elysia";
import type { GuttersNode } from "../actors/node.ts";
import type { RetainedView } from "../bus/retained-view.ts";
import { NotFoundError, parseOrThrow } from "../core/errors.ts";
import { UserIdSchema } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";
import { parseStorableBirthData } from "../app/birth-input.ts";
import { readJsonBody } from "./body.ts";
import { errorResponse, RETRY_AFTER_SECONDS } from "./errors.ts";
import { renderMetrics } from "./metrics.ts";
import { openApiDocument } from "./openapi.ts";
import { peopleRoutes } from "./people-routes.ts";
import { sseStream } from "./sse.ts";
import { trackingRoutes } from "./tracking-routes.ts";

export interface AppOptions {
  node: GuttersNode;
  logger: Logger;
  /** Every node's retained presence and actor summaries, for `GET /v1/nodes` and the `/inspect` page. */
  retained?: RetainedView;
  now?: () => Date;
  newId?: () => string;
}

const NO_BODY = { parse: "none" as const };

/**
 * The HTTP API (DESIGN.md §7). Routes validate with the same zod schemas as MQTT and call the node; the
 * app is tested through `app.handle(new Request(...))` without a port.
 */
export function createApp({ node, logger, retained, now = () => new Date(), newId = () => crypto.randomUUID() }: AppOptions) {
  const userId = (params: { id: string }): string => parseOrThrow(UserIdSchema, params.id, "user id", { prefix: ["id"] });
  const moduleNamed = (name: string) => {
    const module = node.registry.get(name);
    if (module === undefined) throw new NotFoundError(`no module named "${name}"`);
    return module;
  };
  const userView = (user: NonNullable<Awaited<ReturnType<GuttersNode["users"]["getUser"]>>>) => ({
    id: user._id,
    birth: user.birth,
    revision: user.revision,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
  });

  return new Elysia()
    .onError(({ error, code, set, path }) => {
      const { status, body, retryAfterSeconds } = errorResponse(error, code);
      if (status > 503 || status === 500) logger.error("request failed", { path, message: error instanceof Error ? error.message : String(error) });
      set.status = status;
      if (retryAfterSeconds !== undefined) set.headers["retry-after"] = String(retryAfterSeconds);
      return body;
    })
    .get("/health/live", () => ({ status: "ok" }))
    .get("/health/ready", async ({ set }) => {
      const readiness = await node.readiness();
      set.status = readiness.ready ? 200 : 503;
      if (!readiness.ready) set.headers["retry-after"] = String(RETRY_AFTER_SECONDS);
      return { status: readiness.ready ? "ready" : "not_ready", ...readiness.checks };
    })
    .post(
      "/v1/users",
      async ({ request, set }) => {
        const birth = parseStorableBirthData(await readJsonBody(request));
        const id = newId();
        const submitted = await node.submitBirthData(id, birth);
        set.status = 201;
        return { id, birth, status: "processing", revision: submitted.revision, event_id: submitted.eventId };
      },
      NO_BODY,
    )
    .get("/v1/users/:id", async ({ params }) => {
      const user = await node.users.getUser(userId(params));
      if (user === null) throw new NotFoundError(`no user with id "${params.id}"`);
      return userView(user);
    })
    .put(
      "/v1/users/:id",
      async ({ params, request, set }) => {
        const id = userId(params);
        const birth = parseStorableBirthData(await readJsonBody(request));
        const submitted = await node.submitBirthData(id, birth);
        set.status = submitted.created ? 201 : 200;
        return { id, birth, status: "processing", revision: submitted.revision, event_id: submitted.eventId };
      },
      NO_BODY,
    )
    .delete("/v1/users/:id", async ({ params, set }) => {
      const removed = await node.deleteUser(userId(params));
      if (!removed) throw new NotFoundError(`no user with id "${params.id}"`);
      set.status = 204;
      return "";
    })
    .get("/v1/users/:id/profiles", async ({ params }) => ({ profiles: await node.queries.profiles(userId(params)) }))
    .get("/v1/users/:id/profiles/:module", ({ params }) => node.queries.profile(userId(params), params.module))
    .get("/v1/users/:id/synthesis", async ({ params, set }) => {
      const answer = await node.queries.synthesis(userId(params), now());
      set.status = answer.status;
      return answer.body;
    })
    .post(
      "/v1/calc/:module",
      async ({ params, request }) => {
        moduleNamed(params.module);
        return node.queries.calculate(params.module, await readJsonBody(request), now());
      },
      NO_BODY,
    )
    .get("/v1/modules", async () => {
      const summaries = new Map(node.actorSummaries().map((summary) => [summary.module, summary]));
      const modules = await Promise.all(
        node.registry.all.map(async (module) => {
          const loaded = await node.configs.load(module.name, module.config);
          return {
            name: module.name,
            layer: module.layer,
            version: module.version,
            description: module.description,
            hosted: summaries.has(module.name),
            state: summaries.get(module.name)?.state ?? null,
            config: { source: loaded.source, version: loaded.version, error: loaded.error ?? null },
          };
        }),
      );
      return { modules };
    })
    .get("/v1/config/:module", async ({ params }) => {
      const module = moduleNamed(params.module);
      const loaded = await node.configs.load(module.name, module.config);
      return { module_name: module.name, version: loaded.version, source: loaded.source, config: loaded.config, error: loaded.error ?? null };
    })
    .put(
      "/v1/config/:module",
      async ({ params, request }) => {
        const module = moduleNamed(params.module);
        const stored = await node.configs.put(module.name, module.config, await readJsonBody(request), now());
        await node.publishConfigUpdated(module.name, stored.version);
        return stored;
      },
      NO_BODY,
    )
    .get("/v1/actors", () => ({ node: node.nodeId, actors: node.actorSummaries() }))
    .get("/v1/actors/stream", ({ request }) => sseStream(node, request.signal))
    .get("/v1/actors/:id", ({ params }) => {
      const summary = node.actorSummaries().find((candidate) => candidate.id === params.id);
      if (summary === undefined) throw new NotFoundError(`no actor with id "${params.id}"`);
      return summary;
    })
    .get("/metrics", ({ set }) => {
      set.headers["content-type"] = "text/plain; version=0.0.4";
      return renderMetrics(node);
    })
    .get("/openapi.json", ({ request }) => openApiDocument(node.registry, new URL(request.url).origin))
    .use(trackingRoutes({ node, now }))
    .use(peopleRoutes({ node, ...(retained !== undefined ? { retained } : {}) }));
}
