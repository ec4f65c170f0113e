import { Elysia } from "elysia";
import type { GuttersNode } from "../actors/node.ts";
import type { RetainedView } from "../bus/retained-view.ts";
import { NotFoundError, parseOrThrow, RetryLaterError } from "../core/errors.ts";
import { UserIdSchema } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { parseStorableBirthData } from "../app/birth-input.ts";
import { readJsonBody } from "./body.ts";
import { errorResponse, RETRY_AFTER_SECONDS } from "./errors.ts";
import { renderMetrics } from "./metrics.ts";
import { openApiDocument } from "./openapi.ts";
import { peopleRoutes } from "./people-routes.ts";
import { sharedComputePool } from "../app/compute-pool.ts";
import { computable } from "../app/compute-tasks.ts";
import { type AnyModule, isCalculationModule } from "../modules/registry.ts";
import { configRoutes } from "./config-routes.ts";
import type { ClientKey } from "./rate-limit.ts";
import { accessControl } from "./access.ts";
import { type AccessServices, keyRoutes } from "./key-routes.ts";
import { runtimeSettingsSource } from "./runtime-settings.ts";
import { sseStream } from "./sse.ts";
import { trackingRoutes } from "./tracking-routes.ts";
import { intelligenceRoutes } from "./intelligence-routes.ts";

export interface AppOptions {
  node: GuttersNode;
  logger: Logger;
  /** Every node's retained presence and actor summaries, for `GET /v1/nodes` and the `/inspect` page. */
  retained?: RetainedView;
  now?: () => Date;
  newId?: () => string;
  /** Who a request without a valid credential counts against for rate limits (default: the client's address). */
  clientKey?: ClientKey;
  /** Credentials: who may call what (DESIGN.md §11). */
  access: AccessServices;
}

const NO_BODY = { parse: "none" as const };

/**
 * The HTTP API (DESIGN.md §7). Routes validate with the same zod schemas as MQTT and call the node; the
 * app is tested through `app.handle(new Request(...))` without a port.
 */
export function createApp({ node, logger, retained, now = () => new Date(), newId = () => crypto.randomUUID(), clientKey, access }: AppOptions) {
  const runtime = runtimeSettingsSource(node.configs);
  const pool = sharedComputePool();
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

  /** A stateless chart: with an unknown birth time (the day is sampled) on the compute pool; with a known
   * time, or for a module the build's registry does not have (a test's), inline. */
  const calculate = async (module: AnyModule, input: unknown) => {
    if (!isCalculationModule(module) || !computable(module.name, module.version)) return node.queries.calculate(module.name, input, now());
    const birth = parseOrThrow(BirthDataSchema, input, "birth data");
    // A chart with its birth time costs a millisecond or less: the hop to a thread would cost more than it saves.
    if (birth.time !== undefined) return node.queries.calculate(module.name, birth, now());
    const loaded = await node.configOf(module);
    const settings = await runtime.get();
    return pool.run(
      { kind: "calc", module: module.name, version: module.version, birth, config: loaded.config, configVersion: loaded.version, now: now() },
      { workers: settings.compute_workers, queue: settings.compute_queue, timeoutMs: settings.compute_timeout_ms },
    );
  };

  return new Elysia()
    .onError(({ error, code, set, path }) => {
      const { status, body, retryAfterSeconds } = errorResponse(error, code);
      // A passing unavailability (503) is expected while a dependency restarts; only defects are errors.
      if (status > 503 || status === 500) logger.error("request failed", { path, ...describeError(error) });
      set.status = status;
      if (retryAfterSeconds !== undefined) set.headers["retry-after"] = String(retryAfterSeconds);
      if (error instanceof RetryLaterError) set.headers["retry-after"] = String(error.retryAfterSeconds);
      return body;
    })
    .use(accessControl({ verifier: access.authenticator, runtime, clientKey }))
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
        const submitted = await node.submitBirthData(id, birth, { newUser: true });
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
      // The person's tokens stop here at once; other nodes read the user again within `auth_cache_ms`.
      access.authenticator.forgetPerson(userId(params));
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
      async ({ params, request }) => calculate(moduleNamed(params.module), await readJsonBody(request)),
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
    .get("/v1/actors", () => ({ node: node.nodeId, actors: node.actorSummaries() }))
    .get("/v1/actors/stream", async ({ request }) => sseStream(node, request.signal, (await runtime.get()).sse_max_buffer_bytes))
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
    .use(configRoutes({ node, now, runtime }))
    .use(keyRoutes({ node, access, runtime, now }))
    .use(trackingRoutes({ node, now, runtime, pool }))
    .use(intelligenceRoutes({ node }))
    .use(peopleRoutes({ node, ...(retained !== undefined ? { retained } : {}) }));
}
