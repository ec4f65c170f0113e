import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
import type { MqttClient } from "mqtt";
import cases from "../fixtures/reference/cases.json" with { type: "json" };
import { makeEvent } from "../../core/events.ts";
import { registry } from "../../modules/index.ts";
import { ConfigStore } from "../../store/config-store.ts";
import type { SynthesisDocument } from "../../store/user-store.ts";
import { connectClient, EINSTEIN, eventually, request, serviceUrls, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

// New moon of 2020-11-15 05:07 UT (case lunar-phase-2020-11-15-NM: AstroPixels tables by Fred Espenak, via
// kerykeion's historical verification test). The node's clock starts 5 minutes before it and is moved past it
// by the test, so a lunar tick then publishes the new moon: a real sky event.
const newMoon = cases.cases.find((entry) => entry.id === "lunar-phase-2020-11-15-NM");
const NEW_MOON = Date.parse(String((newMoon?.expected as { utc: string }).utc));
const started = Date.now();
let offsetMs = -5 * 60_000;
const clock = () => new Date(NEW_MOON + offsetMs + (Date.now() - started));

const MODULES = "numerology,human_design,astrology,lunar,journal,observer,themes";
const dbName = uniqueName("refresh");
const root = `gutters-test/${uniqueName("refresh")}`;
const nodeId = uniqueName("refresher");
let system: TestSystem;
let mongo: MongoClient;
let client: MqttClient;
let messages: { topic: string; payload: string; retain: boolean }[];

const start = () => startTestSystem({ dbName, root, nodeId, now: clock, modules: MODULES });
const due = () => mongo.db(dbName).collection<{ _id: string; kind: string; user_id?: string }>("intelligence_due");
/** The marks of context refreshes due for everyone. */
const EVERYONE_MARKS = { kind: "context", user_id: { $exists: false } };
/** When the person's synthesis context was last made current (0: never). */
const contextAt = async (id: string): Promise<number> =>
  (await mongo.db(dbName).collection<{ _id: string; context_at?: Date }>("users").findOne({ _id: id }))?.context_at?.getTime() ?? 0;
const synthesisOf = async (id: string): Promise<SynthesisDocument> =>
  eventually(`synthesis of ${id}`, async () => (await system.node.users.getSynthesis(id)) ?? undefined, 25_000);
const refreshEvents = (id: string) =>
  messages
    .filter((message) => message.topic === `${root}/users/${id}/events/synthesis/profile/generated`)
    .map((message) => JSON.parse(message.payload) as { id: string })
    .filter((event) => event.id.includes(":synthesis:c"));

async function configure(module: string, values: Record<string, unknown>): Promise<void> {
  expect((await request(system, "PATCH", `/v1/config/${module}`, values)).status).toBe(200);
}

async function newPeople(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const post = await request(system, "POST", "/v1/users", { ...EINSTEIN, name: `Person ${i}` });
    ids.push(((await post.json()) as { id: string }).id);
  }
  for (const id of ids) await synthesisOf(id);
  return ids;
}

beforeAll(async () => {
  mongo = await MongoClient.connect(serviceUrls().mongoUri);
  const lunar = registry.get("lunar");
  if (lunar) await new ConfigStore(mongo.db(dbName)).put("lunar", lunar.config, { cadence_seconds: 60 }, new Date());
  ({ client, messages } = await connectClient(serviceUrls().mqttUrl));
  await client.subscribeAsync(`${root}/#`, { qos: 1 });
  system = await start();
  await configure("themes", { debounce_ms: 300, recover_after_ms: 2_000 });
}, 30_000);

afterAll(async () => {
  await client.endAsync();
  await system.dispose();
  await mongo.close();
}, 30_000);

describe("the synthesis follows the sky", () => {
  test("a sky event about everyone (the new moon, from the lunar tracker) refreshes every synthesis's tracking context once", async () => {
    const ids = await newPeople(3);
    const before = await Promise.all(ids.map((id) => synthesisOf(id)));
    const contextBefore = await Promise.all(ids.map(contextAt));
    for (const at of contextBefore) expect(at).toBeGreaterThan(0);
    // Before the new moon the next principal phase is the new moon; after it, the first quarter.
    const nextPhase = (synthesis: SynthesisDocument | null) => (synthesis?.tracking?.lunar?.data.next_phase as { phase?: string } | undefined)?.phase;
    for (const synthesis of before) expect(nextPhase(synthesis)).toBe("new_moon");

    offsetMs = 5 * 60_000;
    system.node.tickNow("lunar");
    await eventually("the new-moon event", () => messages.some((message) => message.topic === `${root}/events/cosmic/lunar/phase`), 20_000);
    const after = await Promise.all(
      ids.map((id) =>
        eventually(`${id}'s refreshed context`, async () => {
          const synthesis = await system.node.users.getSynthesis(id);
          return nextPhase(synthesis) === "first_quarter" ? synthesis : undefined;
        }),
      ),
    );
    for (const [i, synthesis] of after.entries()) {
      expect(synthesis?.revision).toBe(before[i]?.revision ?? 0);
      expect(synthesis?.intelligence_updated_at).toBeInstanceOf(Date);
      expect(synthesis?.coverage).toBeDefined();
      expect(await contextAt(ids[i] ?? "")).toBeGreaterThan(contextBefore[i] ?? Infinity);
    }
    // Announced again, once each, under an id naming the new context.
    await eventually("three refresh announcements", () => ids.every((id) => refreshEvents(id).length === 1));
    // The mark for everyone goes at the first lookup that finds no synthesis older than it.
    await eventually("the mark for everyone cleared", async () => (await due().countDocuments(EVERYONE_MARKS)) === 0, 10_000);
  }, 60_000);

  test("a sky event about one person refreshes only that person's synthesis; a forged one on the wrong topic is dead-lettered", async () => {
    const [mine, other] = await newPeople(2);
    if (mine === undefined || other === undefined) throw new Error("two people expected");
    await synthesisOf(other);
    const otherBefore = await contextAt(other);
    const event = makeEvent({ id: uniqueName("transit"), source: "/gutters/test/tracker.transits", type: "cosmic.transit.exact", time: clock(), subject: mine, data: { body: "Saturn" } });
    await client.publishAsync(`${root}/users/${mine}/events/cosmic/transit/exact`, JSON.stringify(event), { qos: 1 });
    await eventually("the person's refresh", () => refreshEvents(mine).length === 1, 10_000);
    // A sky event whose subject is not the person of its topic is refused before anything is marked.
    const forged = makeEvent({ id: uniqueName("forged"), source: "/gutters/test/tracker.transits", type: "cosmic.transit.exact", time: clock(), subject: other, data: {} });
    await client.publishAsync(`${root}/users/${mine}/events/cosmic/transit/exact`, JSON.stringify(forged), { qos: 1 });
    await eventually("the forged event's dead letter", () =>
      messages.some((message) => message.topic === `${root}/dead-letter` && message.payload.includes("not a sky event on its own topic")),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(refreshEvents(other)).toHaveLength(0);
    expect(await contextAt(other)).toBe(otherBefore);
  }, 60_000);
});

/** People whose runs are waiting when the node stops. */
const PEOPLE = 20;

describe("nothing stranded by a stop", () => {
  test("journal entries and a sky event whose runs were still waiting when the node stopped are run after its restart", async () => {
    // Debounces far longer than the test: the runs are still waiting when the node stops.
    await configure("themes", { debounce_ms: 600_000, recover_after_ms: 900_000 });
    await configure("observer", { debounce_ms: 600_000, recover_after_ms: 900_000 });
    const ids = await newPeople(PEOPLE);
    for (const id of ids) {
      const entry = { time: clock().toISOString(), text: "slept badly", mood: 4, symptoms: ["headache"] };
      expect((await request(system, "POST", `/v1/users/${id}/journal`, entry)).status).toBe(201);
    }
    const sky = makeEvent({ id: uniqueName("storm"), source: "/gutters/test/tracker.solar", type: "cosmic.storm.detected", time: clock(), data: { kp: 7 } });
    await client.publishAsync(`${root}/events/cosmic/storm/detected`, JSON.stringify(sky), { qos: 1 });
    await eventually("every run marked due", async () => (await due().countDocuments({ kind: "observe", user_id: { $in: ids } })) === PEOPLE && (await due().countDocuments(EVERYONE_MARKS)) >= 1);
    const contextBefore = await Promise.all(ids.map(contextAt));

    await system.stop();
    system = await start();
    // The restarted node looks for marks no run cleared every recover_after_ms.
    await configure("observer", { debounce_ms: 300, recover_after_ms: 1_500 });
    await configure("themes", { debounce_ms: 300, recover_after_ms: 1_500 });

    await eventually("every observer run done", async () => (await due().countDocuments({ kind: "observe" })) === 0, 20_000);
    const refreshed = await Promise.all(
      ids.map((id, i) =>
        eventually(`${id}'s context refreshed`, async () => (await contextAt(id)) > (contextBefore[i] ?? Infinity), 20_000),
      ),
    );
    expect(refreshed.filter(Boolean)).toHaveLength(PEOPLE);
    const observer = system.node.actorSummaries().find((summary) => summary.module === "observer");
    expect(observer?.counters.runs).toBeGreaterThanOrEqual(PEOPLE);
    await eventually("the mark for everyone cleared", async () => (await due().countDocuments(EVERYONE_MARKS)) === 0, 10_000);
  }, 90_000);
});
