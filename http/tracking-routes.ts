import { Elysia } from "elysia";
import { z } from "zod";
import type { GuttersNode } from "../actors/node.ts";
import { createTrackingQueries, parseInstant } from "../app/tracking-queries.ts";
import { GuttersError, NotFoundError, parseOrThrow } from "../core/errors.ts";
import { UserIdSchema } from "../core/events.ts";
import type { TrackedUser } from "../modules/contract.ts";

const DaysSchema = z.coerce.number().positive().max(366);
const HISTORY_LIMIT = 1000;

/** Tracking routes (DESIGN.md §7): current snapshots, history, upcoming events and a user's transits. */
export function trackingRoutes({ node, now }: { node: GuttersNode; now: () => Date }) {
  const queries = createTrackingQueries({
    registry: node.registry,
    configOf: (module) => node.configOf(module),
    latest: (name) => node.tracking.latest(name),
  });

  /** A user's natal points from their stored astrology profile; 404 without user, 422 without a chart yet. */
  const trackedUser = async (rawId: string): Promise<TrackedUser> => {
    const id = parseOrThrow(UserIdSchema, rawId, "user id", { prefix: ["user"] });
    if ((await node.users.getUser(id)) === null) throw new NotFoundError(`no user with id "${id}"`);
    const [user] = await node.tracking.trackedUsers([id]);
    if (user === undefined) {
      throw new GuttersError("no_natal_chart", `user "${id}" has no astrology profile yet`, { status: 422, retryable: true });
    }
    return user;
  };

  return new Elysia()
    .get("/v1/tracking/upcoming", async ({ query }) => {
      const at = parseInstant(query.at, "at") ?? now();
      const days = parseOrThrow(DaysSchema, query.days ?? "7", "days", { prefix: ["days"] });
      const user = query.user !== undefined ? await trackedUser(query.user) : undefined;
      return queries.upcoming(at, days, user);
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
