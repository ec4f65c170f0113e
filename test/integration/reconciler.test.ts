import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MqttClient } from "mqtt";
import { MongoClient } from "mongodb";
import { COLLECTIONS } from "../../store/database.ts";
import { connectClient, EINSTEIN, eventually, request, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

let system: TestSystem;
let mongo: MongoClient;
let client: MqttClient;
let messages: { topic: string; payload: string }[];
const BIRTH = { ...EINSTEIN, calendar: "gregorian" as const };

beforeAll(async () => {
  // Rounds every 200 ms, and a revision counts as stranded 300 ms after it was stored.
  system = await startTestSystem({ runtime: { reconcile_interval_ms: 200, reconcile_grace_ms: 300 } });
  mongo = await MongoClient.connect(system.mongoUri);
  ({ client, messages } = await connectClient(system.mqttUrl));
  await client.subscribeAsync(`${system.root}/users/+/events/synthesis/#`, { qos: 1 });
}, 30_000);
afterAll(async () => {
  await client.endAsync();
  await mongo.close();
  await system.dispose();
}, 30_000);

const users = () => mongo.db(system.dbName).collection<{ _id: string; pending_since?: Date }>(COLLECTIONS.users);
const announcements = (userId: string) =>
  messages.filter((message) => message.topic.includes(`/users/${userId}/`)).map((message) => (JSON.parse(message.payload) as { id: string }).id);

describe("the reconciler: nothing stays stuck", () => {
  test("a revision stored but never announced (the node died in between) is computed and synthesized", async () => {
    const userId = uniqueName("stranded");
    // What a node leaves behind when it dies after storing and before publishing.
    await system.node.users.applyBirth(userId, BIRTH, new Date());
    const synthesis = await eventually("synthesis by the reconciler", async () => (await system.node.users.getSynthesis(userId)) ?? undefined, 15_000);
    expect(synthesis.revision).toBe(1);
    await eventually("the user leaves the pending list", async () => (await users().findOne({ _id: userId }))?.pending_since === undefined);
    expect(system.node.reconciler.counts.reissued).toBeGreaterThanOrEqual(1);
    const metrics = await (await request(system, "GET", "/metrics")).text();
    expect(metrics).toMatch(/gutters_reconciler_users_total\{node="[^"]+",action="reissued"\} [1-9]/);
  });

  test("profiles stored whose synthesis was never written are synthesized without recomputing", async () => {
    const userId = uniqueName("no-synthesis");
    await system.node.submitBirthData(userId, BIRTH);
    await eventually("first synthesis", async () => (await system.node.users.getSynthesis(userId)) ?? undefined);
    await eventually("the first round done", async () => (await users().findOne({ _id: userId }))?.pending_since === undefined);
    await system.node.idle();
    const before = system.node.reconciler.counts.synthesized;
    const processed = () => system.node.actorSummaries().reduce((sum, summary) => sum + (summary.counters.processed ?? 0), 0);
    const computed = processed();
    // The announcement of the last profile was lost: profiles at the revision, no synthesis, still pending.
    await system.node.users.deleteSynthesis(userId, (await system.node.users.getUserHead(userId))?.birth_event_id as string);
    await users().updateOne({ _id: userId }, { $set: { pending_since: new Date(Date.now() - 60_000) } });
    const synthesis = await eventually("synthesis again", async () => (await system.node.users.getSynthesis(userId)) ?? undefined, 15_000);
    expect(synthesis.revision).toBe(1);
    expect(system.node.reconciler.counts.synthesized).toBeGreaterThan(before);
    expect(processed()).toBe(computed);
  });

  test("a synthesis stored but never announced is announced again under the same event id", async () => {
    const userId = uniqueName("unannounced");
    await system.node.submitBirthData(userId, BIRTH);
    const first = await eventually("first announcement", () => announcements(userId)[0]);
    // The pending flag is cleared just after the announcement: set it again only once that is done.
    await eventually("the first round done", async () => (await users().findOne({ _id: userId }))?.pending_since === undefined);
    await users().updateOne({ _id: userId }, { $set: { pending_since: new Date(Date.now() - 60_000) } });
    await eventually("second announcement", () => announcements(userId).length >= 2 || undefined, 15_000);
    expect(new Set(announcements(userId))).toEqual(new Set([first]));
  });
});
