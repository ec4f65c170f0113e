import { z } from "zod";
import { defineTrackingModule, TrackingScheduleSchema } from "../../contract.ts";
import { emptySolarFeedState, fetchSolarFeeds } from "./feed.ts";
import { FlareLetterSchema, solarOccurrences, StormLevelSchema } from "./occurrences.ts";
import {
  SOLAR_PRODUCTS,
  SolarConfigSchema,
  SolarFeedStateSchema,
  SolarSnapshotSchema,
  type SolarFeedState,
  type SolarProduct,
} from "./schemas.ts";
import { solarQuality } from "./quality.ts";
import { solarSnapshot } from "./service.ts";

export const SolarModuleConfigSchema = SolarConfigSchema.extend({
  ...TrackingScheduleSchema.shape,
  /** SWPC refreshes the 1-minute products every minute; five minutes keeps storms and flares timely without
   * hammering a public service. */
  cadence_seconds: TrackingScheduleSchema.shape.cadence_seconds.default(300),
  /** Lowest flare class raising `cosmic.solar.alert` (M: R1 radio blackouts and above). */
  flare_min_class: FlareLetterSchema.default("M"),
  /** Lowest G level raising `cosmic.storm.detected`. */
  storm_min_g: StormLevelSchema.default("G1"),
  /** Readings are published minutes after their time stamps; events stamped up to this long before the tick
   * window are still taken (the keys keep them from being published twice). */
  event_lookback_minutes: z.number().min(0).max(1440).default(30),
});
export type SolarModuleConfig = z.infer<typeof SolarModuleConfigSchema>;

/** The solar snapshot with each feed's freshness, so a client sees a kept reading as stale with its age. */
export const SolarTrackingSnapshotSchema = SolarSnapshotSchema.extend({
  feeds: SolarFeedStateSchema.shape.status,
  /** Products whose readings are from an earlier round because this round's fetch failed. */
  stale_products: z.array(z.enum(SOLAR_PRODUCTS)),
});
export type SolarTrackingSnapshot = z.infer<typeof SolarTrackingSnapshotSchema>;

/** The feed state carried by an observation, or an empty one (every product missing) when there is none. */
function feedState(observation: unknown): SolarFeedState {
  const parsed = SolarFeedStateSchema.safeParse(observation);
  return parsed.success ? parsed.data : emptySolarFeedState();
}

function describeAge(seconds: number | null): string {
  if (seconds === null) return "unknown age";
  return seconds < 5_400 ? `${Math.round(seconds / 60)} min old` : `${(seconds / 3_600).toFixed(1)} h old`;
}

function contribute(snapshot: SolarTrackingSnapshot, config: SolarModuleConfig): { data: Record<string, unknown>; insights: string[] } {
  const kp = snapshot.kp;
  // Without a user location only the oval's reach can be told: where it is overhead and where it is on the horizon.
  const aurora = kp
    ? {
        overhead_poleward_of_deg: config.aurora.boundary_kp0_deg - config.aurora.boundary_deg_per_kp * kp.storm_level,
        horizon_poleward_of_deg:
          config.aurora.boundary_kp0_deg - config.aurora.boundary_deg_per_kp * kp.storm_level - config.aurora.horizon_margin_deg,
      }
    : null;
  const data = {
    at: snapshot.at,
    g_scale: kp?.g_scale ?? null,
    kp: kp?.storm_level ?? null,
    flares: { peak_class: snapshot.flares.peak_class, r_scale: snapshot.flares.r_scale, counts: snapshot.flares.counts },
    bz: snapshot.bz?.orientation ?? null,
    storm_potential: snapshot.storm_potential.level,
    aurora,
    stale_products: snapshot.stale_products,
  };
  const insights: string[] = [];
  if (kp) {
    insights.push(
      kp.g_scale === "G0"
        ? `No geomagnetic storm (Kp ${kp.storm_level.toFixed(2)})`
        : `Geomagnetic storm ${kp.g_scale} (Kp ${kp.storm_level.toFixed(2)})`,
    );
  } else insights.push("No Kp reading available");
  if (snapshot.flares.peak_class) {
    insights.push(`Strongest flare in the last ${snapshot.flares.window_minutes} min: ${snapshot.flares.peak_class}`);
  }
  if (aurora) {
    insights.push(
      `Aurora possible overhead poleward of ${aurora.overhead_poleward_of_deg.toFixed(0)}° geomagnetic latitude, ` +
        `low on the horizon from ${aurora.horizon_poleward_of_deg.toFixed(0)}°`,
    );
  }
  if (snapshot.storm_potential.level === "moderate" || snapshot.storm_potential.level === "high") insights.push(`Storm potential ${snapshot.storm_potential.level}: ${snapshot.storm_potential.reasons.join(", ")}`);
  for (const product of snapshot.stale_products) {
    insights.push(`${product} reading is stale (${describeAge(snapshot.feeds[product].age_seconds)})`);
  }
  return { data, insights };
}

/** Space weather from NOAA SWPC: Kp and G-scale, flares, Bz, solar wind, storm potential; flare alerts and storm
 * detections as they happen (issue 5). */
export const solarModule = defineTrackingModule({
  name: "solar",
  layer: "tracking",
  version: "1.0.0",
  description:
    "NOAA SWPC space weather: Kp and G-scale, X-ray flares and R-scale, IMF Bz, solar wind, storm potential and " +
    "aurora reach; flare alerts and geomagnetic storm events; stale readings are kept and flagged, never invented",
  config: SolarModuleConfigSchema,
  snapshot: SolarTrackingSnapshotSchema,
  observe: async ({ at, config, previous }) => {
    const prior = SolarFeedStateSchema.safeParse(previous);
    return await fetchSolarFeeds({
      urls: config.urls,
      timeoutMs: config.timeout_ms,
      feederFreshSeconds: config.feeder_fresh_seconds,
      limits: config.feed_limits,
      now: at,
      previous: prior.success ? prior.data : undefined,
    });
  },
  tick: ({ at, windowStart, config, observation }) => {
    const state = feedState(observation);
    const stale = SOLAR_PRODUCTS.filter((product: SolarProduct) => state.status[product].freshness === "stale");
    const snapshot: SolarTrackingSnapshot = { ...solarSnapshot(state.readings, at, config), feeds: state.status, stale_products: stale };
    const occurrences = solarOccurrences(state, windowStart, at, {
      minClass: config.flare_min_class,
      minLevel: config.storm_min_g,
      lookbackMinutes: config.event_lookback_minutes,
    });
    const insights = occurrences.map((o) =>
      o.type === "cosmic.storm.detected"
        ? `Geomagnetic storm ${String(o.data.g_scale)} reached at ${o.time.slice(0, 16)}Z`
        : `${String(o.data.class)} flare: X-ray flux passed ${String(o.data.threshold)} at ${o.time.slice(0, 16)}Z`,
    );
    return { snapshot, occurrences, insights };
  },
  contribute: (snapshot, _user, config) => contribute(snapshot, config),
  quality: (snapshot) => solarQuality(snapshot.feeds),
});

export default solarModule;
