import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { defineTrackingModule, type TrackingOccurrence } from "../../../contract.ts";
import { solarModule, type SolarModuleConfig } from "../module.ts";
import { GScaleSchema, SolarFeedStateSchema, type SolarUrls } from "../schemas.ts";
import { payloadText, trackingCase } from "./cases.ts";

const flux = (id: string) => Number(trackingCase(id).input.flux_wm2_0p1_0p8nm);
const flareClassOf = (id: string) => String(trackingCase(id).expected.class);

/** A GOES XRS series in the row shape of swpc-xrays-split-bands (tracking-cases.json), its long-band fluxes
 * taken from the flare_class cases: B2.6 background, rising through M1.4 to an X2.8 peak, decaying via M5.8. */
const FLARE_ROWS = [
  ["2026-08-02T20:50:00Z", flux("flare-B2.6")],
  ["2026-08-02T20:51:00Z", flux("flare-M1.4")],
  ["2026-08-02T20:52:00Z", flux("flare-X2.8")],
  ["2026-08-02T20:53:00Z", flux("flare-M5.8")],
  ["2026-08-02T20:54:00Z", flux("flare-B2.6")],
].flatMap(([time, value]) => [
  { time_tag: time, satellite: 18, flux: 1e-9, observed_flux: 3.7e-9, electron_correction: 5.2e-9, electron_contaminaton: true, energy: "0.05-0.4nm" },
  { time_tag: time, satellite: 18, flux: value, observed_flux: value, electron_correction: 0, electron_contaminaton: false, energy: "0.1-0.8nm" },
]);

const routes: Record<string, string> = {
  "/kp1m-quiet": payloadText("swpc-kp1m-latest"),
  "/kp1m-storm": payloadText("swpc-kp1m-window-reset"),
  "/kp3h-legacy": payloadText("swpc-kp3h-legacy-format"),
  "/kp3h-objects": payloadText("swpc-kp3h-object-format"),
  "/xray-quiet": payloadText("swpc-xrays-split-bands"),
  "/xray-flare": JSON.stringify(FLARE_ROWS),
  "/mag": payloadText("swpc-mag-legacy"),
  "/wind": payloadText("swpc-rtsw-wind-active"),
};

let server: ReturnType<typeof Bun.serve>;
let base = "";

// The local server is on loopback, which feed URLs may name only when the operator allows the host.
const allowBefore = process.env.GUTTERS_FEED_ALLOW_HOSTS;

beforeAll(() => {
  process.env.GUTTERS_FEED_ALLOW_HOSTS = "127.0.0.1";
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const body = routes[new URL(request.url).pathname];
      return body === undefined
        ? new Response("upstream failure", { status: 500 })
        : new Response(body, { headers: { "content-type": "application/json" } });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  if (allowBefore === undefined) delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
  else process.env.GUTTERS_FEED_ALLOW_HOSTS = allowBefore;
  await server.stop(true);
});

function configWith(urls: Partial<SolarUrls>, overrides: Partial<SolarModuleConfig> = {}): SolarModuleConfig {
  return solarModule.config.parse({
    timeout_ms: 2000,
    ...overrides,
    urls: {
      kp_1m: `${base}/kp1m-storm`,
      kp_3h: `${base}/kp3h-objects`,
      xray: `${base}/xray-flare`,
      mag: `${base}/mag`,
      wind: `${base}/wind`,
      ...Object.fromEntries(Object.entries(urls).map(([product, path]) => [product, `${base}${path}`])),
    },
  });
}

async function observe(at: string, config: SolarModuleConfig, previous?: unknown): Promise<unknown> {
  if (!solarModule.observe) throw new Error("the solar module observes its feeds");
  return await solarModule.observe({ at: new Date(at), config, previous });
}

function tick(observation: unknown, windowStart: string, at: string, config: SolarModuleConfig) {
  const result = solarModule.tick({ at: new Date(at), windowStart: new Date(windowStart), config, observation, users: [] });
  expect(solarModule.snapshot.safeParse(result.snapshot).success).toBe(true);
  return result;
}

const keys = (o: TrackingOccurrence[]) => o.map((x) => x.key);

describe("solar module descriptor", () => {
  test("config defaults: 300 s cadence, 90 days of history, alerts from M flares and G1 storms", () => {
    const defaults = solarModule.config.parse({});
    expect(defaults.cadence_seconds).toBe(300);
    expect(defaults.history_days).toBe(90);
    expect(defaults.flare_min_class).toBe("M");
    expect(defaults.storm_min_g).toBe("G1");
    expect(defaults.urls.kp_1m).toBe("https://services.swpc.noaa.gov/json/planetary_k_index_1m.json");
  });
  test("defineTrackingModule accepts it", () => {
    expect(defineTrackingModule(solarModule)).toBe(solarModule);
    expect(solarModule.name).toBe("solar");
    expect(solarModule.version).toBe("1.0.0");
    expect(solarModule.snapshotAt).toBeUndefined();
  });
});

describe("storm day: observe against a local server, then tick", () => {
  const c = trackingCase("swpc-kp1m-window-reset");
  // The server's port is known only once it listens.
  let config: SolarModuleConfig;
  beforeAll(() => {
    config = configWith({});
  });

  test(`${c.id}: storm level ${String(c.expected.g_scale)} detected once per Kp window, keyed by the window start`, async () => {
    const state = SolarFeedStateSchema.parse(await observe("2026-08-02T21:01:00Z", config));
    for (const status of Object.values(state.status)) expect(status.freshness).toBe("fresh");
    const first = tick(state, "2026-08-02T20:56:00Z", "2026-08-02T21:01:00Z", config);
    expect(first.snapshot.kp?.g_scale).toBe(GScaleSchema.parse(c.expected.g_scale));
    const storms = first.occurrences.filter((o) => o.type === "cosmic.storm.detected");
    expect(storms.map((o) => [o.key, o.time])).toEqual([
      [`cosmic.storm.detected/${String(c.expected.g_scale)}/2026-08-02T18:00Z`, "2026-08-02T20:58:00.000Z"],
    ]);
    expect(storms[0]?.data.kp).toBe(Number(c.expected.storm_level_over_current_and_previous_3h_window));
    // The next tick's window overlaps through the lookback: the same storm window, the same key.
    const next = tick(state, "2026-08-02T21:01:00Z", "2026-08-02T21:06:00Z", config);
    expect(keys(next.occurrences)).toEqual(keys(first.occurrences));
  });

  test("nothing outside the window, and nothing below the configured G level", async () => {
    const state = await observe("2026-08-02T21:01:00Z", config);
    expect(tick(state, "2026-08-02T21:35:00Z", "2026-08-02T21:40:00Z", config).occurrences).toEqual([]);
    const strict = configWith({}, { event_lookback_minutes: 0 });
    expect(tick(state, "2026-08-02T20:58:00Z", "2026-08-02T21:03:00Z", strict).occurrences).toEqual([]);
    const g3 = configWith({}, { storm_min_g: "G3", flare_min_class: "X" });
    expect(tick(state, "2026-08-02T20:56:00Z", "2026-08-02T21:01:00Z", g3).occurrences.map((o) => o.type)).toEqual(["cosmic.solar.alert"]);
  });

  test("flares: one alert per class threshold crossed, stamped when the flux reached it (flare_class cases)", async () => {
    const state = await observe("2026-08-02T21:01:00Z", config);
    const alerts = tick(state, "2026-08-02T20:56:00Z", "2026-08-02T21:01:00Z", config).occurrences.filter((o) => o.type === "cosmic.solar.alert");
    expect(alerts.map((o) => [o.key, o.data.threshold, o.data.class])).toEqual([
      ["cosmic.solar.alert/flare/M/2026-08-02T20:51Z", "M1.0", flareClassOf("flare-X2.8")],
      ["cosmic.solar.alert/flare/X/2026-08-02T20:52Z", "X1.0", flareClassOf("flare-X2.8")],
    ]);
    expect(alerts[0]?.data.r_scale).toBe(String(trackingCase("flare-X2.8").expected.r_scale));
    // Seen while still rising, the M alert carries the class so far and the same key: it is published once.
    const rising = tick(state, "2026-08-02T20:46:30Z", "2026-08-02T20:51:30Z", config).occurrences;
    expect(rising.map((o) => [o.key, o.data.class])).toEqual([["cosmic.solar.alert/flare/M/2026-08-02T20:51Z", flareClassOf("flare-M1.4")]]);
  });

  test("the 3-hour Kp stands in when the 1-minute feed fails: each window's level at the window's end", async () => {
    const legacy = trackingCase("swpc-kp3h-legacy-format");
    const fallback = configWith({ kp_1m: "/missing", kp_3h: "/kp3h-legacy", xray: "/xray-quiet" });
    const state = SolarFeedStateSchema.parse(await observe("2026-03-08T06:10:00Z", fallback));
    expect(state.status.kp_1m.freshness).toBe("missing");
    const result = tick(state, "2026-03-08T06:05:00Z", "2026-03-08T06:10:00Z", fallback);
    // 5.33 in the 03–06 UT window is G1 (gscale cases: 4.67 and 5 are G1), known when the window closes.
    expect(result.occurrences.map((o) => [o.key, o.time])).toEqual([["cosmic.storm.detected/G1/2026-03-08T03:00Z", "2026-03-08T06:00:00.000Z"]]);
    expect(result.occurrences[0]?.data.kp).toBe(Number(legacy.expected.max_kp));
  });
});

describe("quiet day and failing feeds", () => {
  test("quiet day (swpc-kp1m-latest, swpc-xrays-split-bands): G0, no flare, no event", async () => {
    const c = trackingCase("swpc-kp1m-latest");
    const quiet = configWith({ kp_1m: "/kp1m-quiet", xray: "/xray-quiet" });
    const state = await observe("2026-08-30T12:03:00Z", quiet);
    const result = tick(state, "2026-08-30T11:58:00Z", "2026-08-30T12:03:00Z", quiet);
    expect(result.snapshot.kp?.latest).toBe(Number(c.expected.latest_estimated_kp));
    expect(result.snapshot.kp?.g_scale).toBe("G0");
    expect(result.occurrences).toEqual([]);
    expect(result.snapshot.stale_products).toEqual([]);
    expect(solarModule.quality?.(result.snapshot)).toEqual({ confidence: 1, accuracy: "full", notes: [] });
  });

  test("a failing round keeps the last good readings marked stale with their age, and raises no event", async () => {
    const good = await observe("2026-08-02T21:01:00Z", configWith({}));
    const failing = configWith({ kp_1m: "/down", kp_3h: "/down", xray: "/down", mag: "/down", wind: "/down" });
    const state = SolarFeedStateSchema.parse(await observe("2026-08-02T21:06:00Z", failing, good));
    for (const status of Object.values(state.status)) {
      expect(status).toMatchObject({ freshness: "stale", fetched_at: "2026-08-02T21:01:00.000Z", age_seconds: 300 });
      expect(status.error).toContain("HTTP 500");
    }
    // The storm and the flares are inside this window's lookback, but they come only from stale readings.
    const result = tick(state, "2026-08-02T21:01:00Z", "2026-08-02T21:06:00Z", failing);
    expect(result.occurrences).toEqual([]);
    expect(result.snapshot.kp?.g_scale).toBe("G2");
    expect(result.snapshot.stale_products).toEqual(["kp_1m", "kp_3h", "xray", "mag", "wind"]);
    expect(result.snapshot.feeds.kp_1m.age_seconds).toBe(300);
    expect(solarModule.contribute(result.snapshot, undefined, failing).insights).toContain("kp_1m reading is stale (5 min old)");
    // Five stale products at half weight each.
    expect(solarModule.quality?.(result.snapshot)).toMatchObject({ confidence: 0.5, accuracy: "partial" });
    expect(solarModule.quality?.(result.snapshot).notes).toContain("kp_1m is stale (300 s old)");
  });

  test("with no good reading ever, nothing is invented: no Kp, no flare, no event", async () => {
    const failing = configWith({ kp_1m: "/down", kp_3h: "/down", xray: "/down", mag: "/down", wind: "/down" });
    const state = await observe("2026-08-02T21:01:00Z", failing);
    for (const observation of [state, undefined]) {
      const result = tick(observation, "2026-08-02T20:56:00Z", "2026-08-02T21:01:00Z", failing);
      expect(result.occurrences).toEqual([]);
      expect(result.snapshot.kp).toBeNull();
      expect(result.snapshot.flares.events).toEqual([]);
      expect(result.snapshot.feeds.xray.freshness).toBe("missing");
      expect(solarModule.contribute(result.snapshot, undefined, failing).insights).toEqual(["No Kp reading available"]);
      const quality = solarModule.quality?.(result.snapshot);
      expect(quality).toMatchObject({ confidence: 0, accuracy: "partial" });
      expect(quality?.notes).toHaveLength(5);
    }
  });
});

describe("solar contribution", () => {
  test("G-scale, flares and the aurora oval's reach, deterministic", async () => {
    const config = configWith({});
    const result = tick(await observe("2026-08-02T21:01:00Z", config), "2026-08-02T20:56:00Z", "2026-08-02T21:01:00Z", config);
    const general = solarModule.contribute(result.snapshot, undefined, config);
    const user = solarModule.contribute(result.snapshot, { user_id: "u", points: {} }, config);
    expect(general.data).toMatchObject({ g_scale: "G2", kp: 5.67, flares: { peak_class: flareClassOf("flare-X2.8") } });
    // Oval edge 66° − 2° × Kp (AuroraConfigSchema defaults): 54.66° overhead, 4.5° further on the horizon.
    expect(general.data.aurora).toEqual({ overhead_poleward_of_deg: 66 - 2 * 5.67, horizon_poleward_of_deg: 66 - 2 * 5.67 - 4.5 });
    expect(general.insights[0]).toBe("Geomagnetic storm G2 (Kp 5.67)");
    expect(user).toEqual(general);
  });
});
