import { GuttersError, NotFoundError } from "../core/errors.ts";
import type { Accuracy, TrackedUser, TrackingModule } from "../modules/contract.ts";
import { isTrackingModule, type Registry } from "../modules/registry.ts";
import { TransitsConfigSchema, type UserTransits } from "../modules/tracking/transits/schemas.ts";
import { UpcomingConfigSchema, type Upcoming } from "../modules/tracking/upcoming/schemas.ts";
import { type ComputeResults, type ComputeTask, runComputeTask } from "./compute-tasks.ts";
import type { HistoryDocument } from "../store/tracking-store.ts";

/** A tracking module's snapshot as served by the API and the CLI: the module output shape of DESIGN.md §4. */
export interface TrackingOutput {
  module: string;
  layer: "tracking";
  version: string;
  data: Record<string, unknown>;
  insights: string[];
  metadata: { confidence: number; accuracy: Accuracy; calculated_at: string; config_version: number; notes: string[] };
  /** The module's context for the given user, when one was asked for. */
  user?: { user_id: string; data: Record<string, unknown>; insights: string[] };
}

export interface TrackingQueryDeps {
  registry: Registry;
  /** A module's config and version: from `system_configurations` in the API, defaults in the CLI. */
  configOf(module: TrackingModule): Promise<{ config: Record<string, unknown>; version: number }>;
  /** The latest stored snapshot, for modules that observe rather than compute (solar). */
  latest?(moduleName: string): Promise<HistoryDocument | null>;
  /** Without stored history (the CLI), observe now: run the module's own `observe` and one tick. */
  observeLive?: boolean;
  /** Where the expensive queries run: a worker thread in the API; inline (the default) in the CLI. */
  compute?: <K extends ComputeTask["kind"]>(task: Extract<ComputeTask, { kind: K }>) => Promise<ComputeResults[K]>;
}

const inline = async <K extends ComputeTask["kind"]>(task: Extract<ComputeTask, { kind: K }>): Promise<ComputeResults[K]> =>
  runComputeTask(task) as ComputeResults[K];

/** Tracking answers shared by the HTTP API and the CLI. */
export function createTrackingQueries(deps: TrackingQueryDeps) {
  const trackingModule = (name: string): TrackingModule => {
    const module = deps.registry.get(name);
    if (module === undefined || !isTrackingModule(module)) throw new NotFoundError(`no tracking module named "${name}"`);
    return module;
  };
  const configNamed = async (name: string) => {
    const module = deps.registry.get(name);
    return module !== undefined && isTrackingModule(module) ? (await deps.configOf(module)).config : {};
  };

  return {
    trackingModule,

    /** The module's snapshot for `at` (default: now), with a user's context when given. */
    async snapshot(name: string, at: Date | undefined, now: Date, user?: TrackedUser): Promise<TrackingOutput> {
      const module = trackingModule(name);
      const { config, version } = await deps.configOf(module);
      let snapshot: Record<string, unknown>;
      let calculatedAt: Date;
      if (module.snapshotAt) {
        calculatedAt = at ?? now;
        snapshot = module.snapshotAt(calculatedAt, config);
      } else {
        if (at !== undefined) {
          throw new GuttersError("not_computable", `${name} observes live feeds and cannot report an arbitrary instant; omit "at"`, {
            status: 422,
            issues: [{ path: "at", message: "not supported by this module" }],
          });
        }
        if (deps.observeLive) {
          calculatedAt = now;
          const observation = await module.observe?.({ at: now, config, previous: undefined });
          snapshot = module.tick({ at: now, windowStart: now, config, observation, users: [] }).snapshot;
        } else {
          const latest = await deps.latest?.(name);
          if (latest === null || latest === undefined) {
            throw new GuttersError("no_observation_yet", `${name} has not observed anything yet`, { status: 503, retryable: true });
          }
          snapshot = latest.snapshot;
          calculatedAt = latest.at;
        }
      }
      const general = module.contribute(snapshot, undefined, config);
      const quality = module.quality?.(snapshot) ?? { confidence: 1, accuracy: "full" as const, notes: [] };
      const output: TrackingOutput = {
        module: module.name,
        layer: "tracking",
        version: module.version,
        data: snapshot,
        insights: general.insights,
        metadata: { ...quality, calculated_at: calculatedAt.toISOString(), config_version: version },
      };
      if (user !== undefined) {
        const context = module.contribute(snapshot, user, config);
        output.user = { user_id: user.user_id, data: context.data, insights: context.insights };
      }
      return output;
    },

    /** Upcoming phases, ingresses, stations, void-of-course periods and, for a user, exact transits. */
    async upcoming(at: Date, days: number, user?: TrackedUser, maxDays?: number): Promise<Upcoming> {
      const config = UpcomingConfigSchema.parse({
        lunar: await configNamed("lunar"),
        transits: await configNamed("transits"),
        ...(maxDays !== undefined ? { max_days: maxDays } : {}),
      });
      return (deps.compute ?? inline)<"upcoming">({ kind: "upcoming", at, days, config, ...(user ? { natal: user.points } : {}) });
    },

    /** A user's transits now: aspects to natal points, natal houses of the transiting bodies, exact times ahead. */
    async userTransits(user: TrackedUser, at: Date): Promise<UserTransits> {
      const config = TransitsConfigSchema.parse(await configNamed("transits"));
      return (deps.compute ?? inline)<"user_transits">({
        kind: "user_transits",
        at,
        config,
        points: user.points,
        ...(user.cusps ? { cusps: user.cusps } : {}),
      });
    },
  };
}
export type TrackingQueries = ReturnType<typeof createTrackingQueries>;

/** Instants are parsed and range-checked in one place for every door (HTTP, MQTT, CLI). */
export { parseInstant } from "../core/instant.ts";
