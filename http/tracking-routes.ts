import { Elysia } from "elysia";
import { z } from "zod";
import type { GuttersNode } from "../actors/node.ts";
import type { ComputePool } from "../app/compute-pool.ts";
import { createTrackingQueries, parseInstant } from "../app/tracking-queries.ts";
import { GuttersError, NotFoundError, parseOrThrow } from "../core/errors.ts";
import { UserIdSchema } from "../core/events.ts";
import type { TrackedUser } from "../modules/contract.ts";
import type { RuntimeSettingsSource } from "./runtime-settings.ts";

const HISTORY_LIMIT = 1000;

/** `days` of `upcoming`: a positive number up to the runtime limit, which is larger with no natal chart. */
const daysSchema = (max: number) => z.coerce.number().positive().max(max);

/**
 * Tracking routes (DESIGN.md §7): current snapshots, history, upcoming events and a user's transits. The
 * expensive ones (upcoming, a user's transits) run on the compute pool, bounded by the runtime config.
 */
export function trackingRoutes({
  node,
  now,
  runtime,
  pool,
}: {
  node: GuttersNode;
  now: () => Date;
  runtime: RuntimeSettingsSource;
  pool: ComputePool;
}) {
  const queries = createTrackingQueries({
    registry: node.registry,
    configOf: (module) => node.configOf(module),
    latest: (name) => node.tracking.latest(name),
    compute: async (task) => {
      const settings = await runtime.get();
      return pool.run(task, { workers: settings.compute_workers, queue: settings.compute_queue, timeoutMs: settings.compute_timeout_ms });
    },
  });

  /** A user's natal points from their stored astrology profile; 404 without user, 422 without a chart yet. */
  const trackedUser = async (rawId: string): Promise<TrackedUser> => {
    const id = parseOrThrow(UserIdSchema, rawId, "user id", { prefix: ["user"] });
    if ((await node.users.getUser(id)) === null) throw new NotFoundError(`no user with id "${id}"`);
    const user = await node.users.natalChart(id);
    if (user === null) {
      throw new GuttersError("no_natal_chart", `user "${id}" has no astrology profile yet`, { status: 422, retryable: true });
    }
    return user;
  };

  return new Elysia()
    .get("/v1/tracking/upcoming", async ({ query }) => {
      const at = parseInstant(query.at, "at") ?? now();
      const settings = await runtime.get();
      const max = query.user !== undefined ? settings.upcoming_user_max_days : settings.upcoming_max_days;
      const days = parseOrThrow(daysSchema(max), query.days ?? "7", "days", { prefix: ["days"] });
      const user = query.user !== undefined ? await trackedUser(query.user) : undefined;
      return queries.upcoming(at, days, user, max);
    })
    .get("/v1/tracking/:module", async ({ params, query }) => {
      const user = query.user !== undefined ? await trackedUser(query.user) : undefined;
      return queries.snapshot(params.module, parseInstant(query.at, "at"), now(), user);
    })
    .get("/v1/tracking/:module/history", async ({ params, query }) => {
      queries.trackingModule(params.module);
      const to = parseInstant(query.to, "to") ?? now();
      const from = parseInstant(query.from, "from") ?? new Date(to.getTime() - 86_400_000);
      if (from > to) throw new GuttersError("invalid_input", "from must not be after to", { status: 400, issues: [{ path: "from", message: "after to" }] });
      const snapshots = await node.tracking.range(params.module, from, to, HISTORY_LIMIT);
      return {
        module: params.module,
        from: from.toISOString(),
        to: to.toISOString(),
        limit: HISTORY_LIMIT,
        snapshots: snapshots.map((entry) => ({ at: entry.at.toISOString(), data: entry.snapshot, insights: entry.insights })),
      };
    })
    .get("/v1/users/:id/transits", async ({ params, query }) => {
      const user = await trackedUser(params.id);
      return { user_id: user.user_id, ...(await queries.userTransits(user, parseInstant(query.at, "at") ?? now())) };
    });
}
