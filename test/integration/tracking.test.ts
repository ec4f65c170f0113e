import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
import type { MqttClient } from "mqtt";
import cases from "../fixtures/reference/cases.json" with { type: "json" };
import trackingCases from "../fixtures/reference/tracking-cases.json" with { type: "json" };
import { ConfigStore } from "../../store/config-store.ts";
import { registry } from "../../modules/index.ts";
import { connectClient, EINSTEIN, eventually, request, serviceUrls, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

// New moon of 2020-11-15 05:07 UT (case lunar-phase-2020-11-15-NM: AstroPixels tables by Fred Espenak, via
// kerykeion's historical verification test). The node's clock starts 20 s after it, so the first lunar
// tick's window (one cadence back) contains the new moon.
const newMoon = cases.cases.find((entry) => entry.id === "lunar-phase-2020-11-15-NM");
const NEW_MOON = Date.parse(String((newMoon?.expected as { utc: string }).utc));
const started = Date.now();
const clock = () => new Date(NEW_MOON + 20_000 + (Date.now() - started));

const payload = (id: string) => JSON.stringify(trackingCases.cases.find((entry) => entry.id === id)?.input.payload);
let noaa: ReturnType<typeof Bun.serve>;
const dbName = uniqueName("tracking");
const root = `gutters-test/${uniqueName("tracking")}`;
const nodeId = uniqueName("tracker");
let system: TestSystem;
let client: MqttClient;
let messages: { topic: string; payload: string; retain: boolean }[];

// The local NOAA server is on loopback, which feed URLs may name only when the operator allows the host.
const allowBefore = process.env.GUTTERS_FEED_ALLOW_HOSTS;

beforeAll(async () => {
  process.env.GUTTERS_FEED_ALLOW_HOSTS = "127.0.0.1";
  // A local server speaking NOAA SWPC's real JSON shapes (tracking-cases.json payloads).
  const routes: Record<string, string> = {
    "/kp1m": payload("swpc-kp1m-latest"),
    "/kp3h": payload("swpc-kp3h-object-format"),
    "/xray": payload("swpc-xrays-split-bands"),
    "/mag": payload("swpc-mag-legacy"),
    "/wind": payload("swpc-rtsw-wind-active"),
  };
  noaa = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => new Response(routes[new URL(req.url).pathname] ?? "missing", { status: routes[new URL(req.url).pathname] ? 200 : 404 }),
  });
  const base = `http://127.0.0.1:${noaa.port}`;
  const mongo = await MongoClient.connect(serviceUrls().mongoUri);
  const configs = new ConfigStore(mongo.db(dbName));
  const now = new Date();
  for (const name of ["lunar", "transits"]) {
    const module = registry.get(name);
    if (module) await configs.put(name, module.config, { cadence_seconds: 60 }, now);
  }
  const solar = registry.get("solar");
  if (solar) {
    await configs.put("solar", solar.config, {
      cadence_seconds: 60,
      timeout_ms: 2000,
      // The 1-minute Kp comes from an external feeder over MQTT instead of a fetch.
      urls: { kp_1m: null, kp_3h: `${base}/kp3h`, xray: `${base}/xray`, mag: `${base}/mag`, wind: `${base}/wind` },
    }, now);
  }
  await mongo.close();
  ({ client, messages } = await connectClient(serviceUrls().mqttUrl));
  await client.subscribeAsync(`${root}/#`, { qos: 1 });
  system = await startTestSystem({ dbName, root, nodeId, now: clock, modules: "numerology,human_design,astrology,lunar,transits,solar" });
}, 30_000);

afterAll(async () => {
  if (allowBefore === undefined) delete process.env.GUTTERS_FEED_ALLOW_HOSTS;
  else process.env.GUTTERS_FEED_ALLOW_HOSTS = allowBefore;
  await client.endAsync();
  await system.dispose();
  await noaa.stop(true);
}, 30_000);

const phaseEvents = () =>
  messages
    .filter((message) => message.topic === `${root}/events/cosmic/lunar/phase`)
    .map((message) => JSON.parse(message.payload) as { id: string; data: { phase: string; time: string } });

describe("tracking actors over Mosquitto and FerretDB", () => {
  test("a lunar tick publishes the new moon once, keeps history and retains the current snapshot", async () => {
    const event = await eventually("the new-moon event", () => phaseEvents().find((candidate) => candidate.data.phase === "new_moon"), 20_000);
    // Within the case's 2-minute tolerance of the published time.
    expect(Math.abs(Date.parse(event.data.time) - NEW_MOON)).toBeLessThan(2 * 60_000);
    const current = await eventually("retained lunar snapshot", () =>
      messages.find((message) => message.topic === `${root}/tracking/lunar/current` && message.retain !== undefined),
    );
    expect((JSON.parse(current.payload) as { data: { phase_name: string } }).data.phase_name).toBe("new_moon");
    const history = (await (await request(system, "GET", `/v1/tracking/lunar/history?from=2020-11-14T00:00:00Z&to=2020-11-16T00:00:00Z`)).json()) as {
      snapshots: { at: string }[];
    };
    expect(history.snapshots.length).toBeGreaterThanOrEqual(1);
  });

  test("the same occurrence is not published again by another tick, a restarted node or a second node", async () => {
    const before = phaseEvents().filter((event) => event.data.phase === "new_moon").length;
    expect(before).toBe(1);
    system.node.tickNow("lunar");
    await eventually("a second lunar tick", () => (system.node.actorSummaries().find((summary) => summary.module === "lunar")?.counters.ticks ?? 0) >= 2);

    // The same node after a restart re-runs its own slot with a fresh window, but the occurrence ledger stops a repeat.
    await system.stop();
    system = await startTestSystem({ dbName, root, nodeId, now: clock, modules: "numerology,human_design,astrology,lunar,transits,solar" });
    const lunarTicks = () => system.node.actorSummaries().find((summary) => summary.module === "lunar")?.counters.ticks ?? 0;
    await eventually("the restarted node's tick", () => lunarTicks() >= 1);
    // Another node in the same slot leaves the tick to the node that claimed it.
    const other = await startTestSystem({ dbName, root, nodeId: uniqueName("other"), now: clock, modules: "lunar" });
    await eventually("the other node's claim check", () => (other.node.actorSummaries()[0]?.counters.skipped ?? 0) >= 1);
    await other.stop();
    await system.node.idle();
    expect(phaseEvents().filter((event) => event.data.phase === "new_moon").length).toBe(1);
  });

  test("solar ticks read the NOAA-format feeds and mark them fresh", async () => {
    const snapshot = await eventually("solar history", async () => (await system.node.tracking.latest("solar")) ?? undefined, 20_000);
    const feeds = snapshot.snapshot.feeds as Record<string, { freshness: string }>;
    expect(feeds.xray?.freshness).toBe("fresh");
    expect(feeds.kp_3h?.freshness).toBe("fresh");
    const response = await request(system, "GET", "/v1/tracking/solar");
    expect(response.status).toBe(200);
    expect((await request(system, "GET", "/v1/tracking/solar?at=2020-01-01T00:00:00Z")).status).toBe(422);
  });

  test("an external feeder's readings over MQTT are used; a malformed one is dead-lettered", async () => {
    await client.subscribeAsync(`${root}/dead-letter`, { qos: 1 });
    await client.publishAsync(`${root}/feeds/solar/kp_1m`, "[{\"time_tag\": ", { qos: 1 });
    await eventually("dead letter for the truncated feed", () =>
      messages.some((message) => message.topic === `${root}/dead-letter` && message.payload.includes("kp_1m")),
    );
    // Well-formed JSON that is no reading: empty, or a Kp outside 0–9. Refused, named by field, not echoed.
    const letters = () => messages.filter((message) => message.topic === `${root}/dead-letter`).map((message) => message.payload);
    const already = letters().length;
    await client.publishAsync(`${root}/feeds/solar/kp_1m`, "[]", { qos: 1 });
    await client.publishAsync(`${root}/feeds/solar/kp_1m`, '[{"time_tag":"2026-08-07T01:00:00","kp_index":99}]', { qos: 1 });
    const [empty, outOfRange] = await eventually("dead letters for the empty and the out-of-range feed", () =>
      letters().length >= already + 2 ? letters().slice(already) : undefined,
    );
    expect(empty).toContain("no data rows");
    expect(outOfRange).toContain("0.kp_index");
    const letter = JSON.parse(outOfRange ?? "{}") as { reason: unknown };
    expect(letter).not.toHaveProperty("payload");
    expect(JSON.stringify(letter.reason)).not.toContain("99");
    await client.publishAsync(`${root}/feeds/solar/kp_1m`, payload("swpc-kp1m-latest"), { qos: 1 });
    const before = system.node.actorSummaries().find((summary) => summary.module === "solar")?.counters.ticks ?? 0;
    // The feed message and the next tick race: keep asking for ticks until one has seen the feed.
    await eventually("feed received", async () => {
      system.node.tickNow("solar");
      const latest = await system.node.tracking.latest("solar");
      const feeds = latest?.snapshot.feeds as Record<string, { freshness: string }> | undefined;
      return (system.node.actorSummaries().find((summary) => summary.module === "solar")?.counters.ticks ?? 0) > before &&
        feeds?.kp_1m?.freshness === "fresh"
        ? true
        : undefined;
    });
    // The node's clock is in 2020, before these 2026 readings, so they count as received, not as Kp "now".
    const latest = await system.node.tracking.latest("solar");
    const kp1m = (latest?.snapshot.feeds as Record<string, { fetched_at: string | null; error: string | null }>).kp_1m;
    expect(typeof kp1m?.fetched_at).toBe("string");
    expect(kp1m?.error).toBeNull();
  });

  test("snapshots for any instant, upcoming events and a user's transits", async () => {
    const lunar = await request(system, "GET", "/v1/tracking/lunar?at=2020-11-15T05:07:00Z");
    const body = (await lunar.json()) as { data: { phase_angle: number } };
    // At the published new moon the elongation is 0° (±1°: the Moon moves 0.5°/h, the case is rounded to the minute).
    expect(Math.min(body.data.phase_angle, 360 - body.data.phase_angle)).toBeLessThan(1);
    expect((await request(system, "GET", "/v1/tracking/lunar?at=yesterday")).status).toBe(400);
    expect((await request(system, "GET", "/v1/tracking/nothing")).status).toBe(404);

    const upcoming = (await (await request(system, "GET", "/v1/tracking/upcoming?at=2020-11-14T00:00:00Z&days=3")).json()) as {
      events: { type: string; phase?: string; time: string }[];
    };
    expect(upcoming.events.some((event) => event.type === "lunar_phase" && event.phase === "new_moon")).toBe(true);
    const times = upcoming.events.map((event) => Date.parse(event.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const { id } = (await (await request(system, "POST", "/v1/users", EINSTEIN)).json()) as { id: string };
    await eventually("astrology profile", async () => (await system.node.users.getProfile(id, "astrology")) ?? undefined);
    const transits = await request(system, "GET", `/v1/users/${id}/transits?at=2020-11-15T05:07:00Z`);
    expect(transits.status).toBe(200);
    const transitBody = (await transits.json()) as { user_id: string; aspects: unknown[]; houses?: Record<string, number> };
    expect(transitBody.user_id).toBe(id);
    expect(Object.keys(transitBody.houses ?? {})).toContain("sun");
    const withUser = (await (await request(system, "GET", `/v1/tracking/upcoming?at=2020-11-14T00:00:00Z&days=30&user=${id}`)).json()) as {
      events: { type: string }[];
    };
    expect(withUser.events.some((event) => event.type === "transit_exact")).toBe(true);
    expect((await request(system, "GET", "/v1/users/nobody/transits")).status).toBe(404);
  });
});

describe("tracking in the synthesis", () => {
  test("each tracking module with a snapshot contributes its current context for the user", async () => {
    const { id } = (await (await request(system, "POST", "/v1/users", EINSTEIN)).json()) as { id: string };
    const synthesis = await eventually("synthesis with tracking context", async () => {
      const stored = await system.node.users.getSynthesis(id);
      return stored?.tracking !== undefined ? stored : undefined;
    });
    expect(Object.keys(synthesis.tracking ?? {})).toEqual(expect.arrayContaining(["lunar"]));
    expect(typeof synthesis.tracking?.lunar?.as_of).toBe("string");
    expect(synthesis.tracking?.lunar?.insights.length).toBeGreaterThan(0);
  });
});
