import { z } from "zod";
import { defineTrackingModule, TrackingScheduleSchema, type TrackedUser } from "../../contract.ts";
import { exactTransits } from "./exact.ts";
import { buildTransitGrid, type TransitGrid } from "./grid.ts";
import { natalAspects } from "./natal.ts";
import { transitOccurrences, usablePoints } from "./occurrences.ts";
import { houseOf } from "./positions.ts";
import { TransitsConfigSchema, TransitsSnapshotSchema, type TransitsSnapshot } from "./schemas.ts";
import { transitsSnapshot } from "./service.ts";

export const TransitsModuleConfigSchema = TransitsConfigSchema.extend({
  ...TrackingScheduleSchema.shape,
  /** Slow bodies change little in a quarter of an hour, and per-user exact transits are found to the minute
   * whatever the cadence (each tick covers the time since the previous one). */
  cadence_seconds: TrackingScheduleSchema.shape.cadence_seconds.default(900),
  /** How many of a user's tightest current aspects and next exact transits the synthesis receives. */
  contribution_aspects: z.number().int().min(0).max(50).default(5),
  contribution_exact: z.number().int().min(0).max(50).default(5),
});
export type TransitsModuleConfig = z.infer<typeof TransitsModuleConfigSchema>;

function titled(name: string): string {
  return name.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

/** The grid ahead of one snapshot, kept while consecutive contributions ask about the same instant: building it
 * costs a sky frame per step, and every user of a synthesis round shares it. */
let contributionGrid: { key: string; grid: TransitGrid } | null = null;

function gridAhead(snapshot: TransitsSnapshot, config: TransitsModuleConfig): TransitGrid {
  const key = JSON.stringify([snapshot.at, config.exact_days, config.grid_step_hours, config.exact_bodies]);
  if (contributionGrid?.key !== key) {
    contributionGrid = { key, grid: buildTransitGrid(new Date(snapshot.at), config.exact_days, config.grid_step_hours, config.exact_bodies) };
  }
  return contributionGrid.grid;
}

function contributeGeneral(snapshot: TransitsSnapshot): { data: Record<string, unknown>; insights: string[] } {
  const retrograde = snapshot.bodies.filter((b) => b.retrograde).map((b) => b.body);
  return {
    data: { at: snapshot.at, signs: Object.fromEntries(snapshot.bodies.map((b) => [b.body, b.sign])), retrograde },
    insights: snapshot.bodies.filter((b) => b.retrograde).map((b) => `${titled(b.body)} is retrograde in ${titled(b.sign)}`),
  };
}

function contributeUser(
  snapshot: TransitsSnapshot,
  user: TrackedUser,
  config: TransitsModuleConfig,
): { data: Record<string, unknown>; insights: string[] } {
  const natal = usablePoints(user.points);
  const aspects = natalAspects(snapshot.bodies, natal, config.orbs).slice(0, config.contribution_aspects);
  const next = exactTransits(gridAhead(snapshot, config), natal, config.exact_bodies, new Date(snapshot.at)).slice(0, config.contribution_exact);
  const data: Record<string, unknown> = {
    at: snapshot.at,
    tightest_aspects: aspects,
    next_exact: next.map((e) => ({ body: e.body, natal_body: e.natal_body, aspect: e.aspect, time: e.time })),
  };
  if (user.cusps?.length === 12) {
    const cusps = user.cusps;
    data.houses = Object.fromEntries(snapshot.bodies.map((b) => [b.body, houseOf(b.longitude, cusps)]));
  }
  const insights = [
    ...aspects.map(
      (a) =>
        `${titled(a.body)} ${a.aspect} natal ${titled(a.natal_body)} (orb ${a.orb.toFixed(1)}°, ${a.applying ? "applying" : "separating"})`,
    ),
    ...next.map((e) => `${titled(e.body)} ${e.aspect} natal ${titled(e.natal_body)} exact at ${e.time.slice(0, 16)}Z`),
  ];
  return { data, insights };
}

/** Transits: Sun … Pluto now, their ingresses and stations as they happen, and exact transits to each user's
 * natal points (issue 5). */
export const transitsModule = defineTrackingModule({
  name: "transits",
  layer: "tracking",
  version: "1.0.0",
  description:
    "Positions, speeds and retrograde flags of Sun … Pluto; sign ingresses and stations as they happen; per user, " +
    "transit-to-natal aspects and exact transit times",
  config: TransitsModuleConfigSchema,
  snapshot: TransitsSnapshotSchema,
  snapshotAt: (at) => transitsSnapshot(at),
  tick: ({ at, windowStart, config, users }) => {
    const snapshot = transitsSnapshot(at);
    const occurrences = transitOccurrences(windowStart, at, config, users);
    const insights = occurrences
      .filter((o) => o.type !== "cosmic.transit.exact")
      .map((o) => {
        const body = titled(String(o.data.body));
        if (o.type === "cosmic.ingress") return `${body} enters ${titled(String(o.data.sign))}`;
        return o.type === "cosmic.retrograde.start" ? `${body} stations retrograde` : `${body} stations direct`;
      });
    return { snapshot, occurrences, insights };
  },
  contribute: (snapshot, user, config) => (user ? contributeUser(snapshot, user, config) : contributeGeneral(snapshot)),
});

export default transitsModule;
