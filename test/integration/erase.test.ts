import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
import { makeEvent } from "../../core/events.ts";
import { connectClient, EINSTEIN, eventually, request, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

let system: TestSystem;
let mongo: MongoClient;
const BIRTH = { ...EINSTEIN, calendar: "gregorian" as const };

beforeAll(async () => {
  system = await startTestSystem();
  mongo = await MongoClient.connect(system.mongoUri);
}, 30_000);
afterAll(async () => {
  await mongo.close();
  await system.dispose();
}, 30_000);

/** Every document in every collection of the node's database that mentions `needle` anywhere. */
async function documentsMentioning(needle: string): Promise<{ collection: string; document: unknown }[]> {
  const db = mongo.db(system.dbName);
  const found: { collection: string; document: unknown }[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const document of await db.collection(name).find({}).toArray()) {
      if (JSON.stringify(document).includes(needle)) found.push({ collection: name, document });
    }
  }
  return found;
}

describe("erase means erase", () => {
  test("after DELETE no collection and no retained topic holds the user's id or name", async () => {
    const name = uniqueName("Erasable Person").replace("_", " ");
    const post = await request(system, "POST", "/v1/users", { ...EINSTEIN, name });
    const { id } = (await post.json()) as { id: string };
    await eventually("synthesis", async () => (await system.node.users.getSynthesis(id)) ?? undefined);
    // A per-person tracking occurrence (an exact transit), as the transits tracker records them.
    await system.node.tracking.recordOccurrence(
      "transits",
      { key: `transit:${id}:mars:sun:conjunction:2026-12-01T00:00`, type: "cosmic.transit.exact", time: "2026-12-01T00:00:00.000Z", subject: id, data: {} },
      new Date(),
    );
    expect((await documentsMentioning(id)).length).toBeGreaterThan(3);

    expect((await request(system, "DELETE", `/v1/users/${id}`)).status).toBe(204);
    // The erasure is announced; every node that hosts work for the user sweeps once more when it hears of it.
    await eventually("nothing of the user left", async () => (await documentsMentioning(id)).length === 0);
    await system.node.idle();
    expect(await documentsMentioning(id)).toEqual([]);
    expect(await documentsMentioning(name)).toEqual([]);

    const { client, messages } = await connectClient(system.mqttUrl);
    await client.subscribeAsync(`${system.root}/#`, { qos: 1 });
    await Bun.sleep(300);
    await client.endAsync();
    const retained = messages.filter((message) => message.retain);
    expect(retained.filter((message) => message.topic.includes(id) || message.payload.includes(id) || message.payload.includes(name))).toEqual([]);
  });

  test("users erased while their jobs are in flight leave nothing behind", async () => {
    const ids = Array.from({ length: 12 }, () => uniqueName("in-flight"));
    for (const id of ids) {
      await system.node.submitBirthData(id, BIRTH);
      // Erase at once: the revision's jobs are queued or running on every module.
      expect(await system.node.deleteUser(id)).toBe(true);
    }
    // Late jobs re-check the user after writing, and every node sweeps again when it hears of the erasure.
    for (const id of ids) await eventually(`nothing of ${id} left`, async () => (await documentsMentioning(id)).length === 0);
    await system.node.idle();
    for (const id of ids) expect(await documentsMentioning(id)).toEqual([]);
  });

  test("a user erased and created again at once under the same id keeps the new data and gets its synthesis", async () => {
    // Each id is erased while its first revision's jobs are queued or running, then created again at once:
    // the erasure's sweeps and the first person's late answers must touch nothing of the second person.
    const ids = Array.from({ length: 12 }, () => uniqueName("again"));
    const firstName = (id: string) => `First Holder ${id.replaceAll("_", " ")}`;
    const secondName = (id: string) => `Second Holder ${id.replaceAll("_", " ")}`;
    // Two nodes share the modules' work; half the ids are erased on the node that did not create them.
    const other = await startTestSystem({ dbName: system.dbName, root: system.root });
    for (const [i, id] of ids.entries()) {
      const [creator, eraser] = i % 2 === 0 ? [system, other] : [other, system];
      await creator.node.submitBirthData(id, { ...BIRTH, name: firstName(id) });
      expect(await eraser.node.deleteUser(id)).toBe(true);
      await creator.node.submitBirthData(id, { ...BIRTH, name: secondName(id), date: "1950-06-15" });
    }
    const current = async (id: string) => {
      const head = await system.node.users.getUserHead(id);
      const synthesis = await system.node.users.getSynthesis(id);
      return head !== null && synthesis?.source_event_id === head.birth_event_id ? synthesis : undefined;
    };
    const synthesized = async () => (await Promise.all(ids.map(current))).filter((synthesis) => synthesis !== undefined).length;
    await eventually("every second synthesis", async () => (await synthesized()) === ids.length, 20_000).catch(() => undefined);
    // Every erasure announcement has been handled by now or is about to be: let the late sweeps run.
    await Bun.sleep(500);
    await Promise.all([system.node.idle(), other.node.idle()]);
    await other.stop();
    const outcome = { kept: 0, lost: 0, stale: 0 };
    for (const id of ids) {
      const user = await system.node.users.getUser(id);
      const profiles = await system.node.users.listProfiles(id);
      const ofFirst = (await documentsMentioning(firstName(id))).length;
      const complete = profiles.length > 0 && profiles.every((profile) => profile.source_event_id === profiles[0]?.source_event_id);
      if (user?.birth.name !== secondName(id) || (await current(id)) === undefined) outcome.lost += 1;
      else if (ofFirst > 0 || !complete) outcome.stale += 1;
      else outcome.kept += 1;
    }
    expect(outcome).toEqual({ kept: ids.length, lost: 0, stale: 0 });
  }, 60_000);

  test("a person's own user.deleted over MQTT erases them once, and the erasure GUTTERS announces names the erased generation", async () => {
    const id = uniqueName("self-erase");
    await system.node.submitBirthData(id, BIRTH);
    await eventually("synthesis", async () => (await system.node.users.getSynthesis(id)) ?? undefined);
    const createdAt = await system.node.users.userCreatedAt(id);
    const { client, messages } = await connectClient(system.mqttUrl);
    const topic = system.topics.userEvent(id, "user.deleted");
    await client.subscribeAsync(topic, { qos: 1 });
    await client.publishAsync(topic, JSON.stringify(makeEvent({ id: `${id}-erase`, source: "/app", type: "user.deleted", time: new Date(), subject: id, data: {} })), { qos: 1 });
    const announced = await eventually("the announced erasure", () =>
      messages.map((message) => JSON.parse(message.payload) as { data: { user_created_at?: string } }).find((event) => event.data.user_created_at !== undefined),
    );
    await client.endAsync();
    expect(announced.data.user_created_at).toBe(createdAt?.toISOString());
    await system.node.idle();
    expect(await documentsMentioning(id)).toEqual([]);
  });

  test("what an erased user's late work left under a re-used id is never shown to the user who holds it now", async () => {
    const id = uniqueName("shown");
    await system.node.submitBirthData(id, BIRTH);
    const synthesis = await eventually("synthesis", async () => (await system.node.users.getSynthesis(id)) ?? undefined);
    const head = await system.node.users.getUserHead(id);
    const profiles = mongo.db(system.dbName).collection("profiles");
    const syntheses = mongo.db(system.dbName).collection("syntheses");
    // As if the answers and synthesis of an erased user of the same id and revision landed here late.
    const earlier = new Date((head?.created_at as Date).getTime() - 60_000);
    const stale = { source_event_id: `${id}/r1.${earlier.getTime().toString(36)}`, user_created_at: earlier };
    await profiles.updateOne({ _id: `${id}:numerology` as never }, { $set: { ...stale, "data.life_path": 99 } });
    await syntheses.updateOne({ _id: id as never }, { $set: stale });
    expect((await request(system, "GET", `/v1/users/${id}/profiles/numerology`)).status).toBe(404);
    const listed = (await (await request(system, "GET", `/v1/users/${id}/profiles`)).json()) as { profiles: { module: string }[] };
    expect(listed.profiles.map((profile) => profile.module).sort()).toEqual(["astrology", "human_design"]);
    const answer = await request(system, "GET", `/v1/users/${id}/synthesis`);
    expect(answer.status).toBe(202);
    expect(JSON.stringify(await answer.json())).not.toContain(stale.source_event_id);
    expect(synthesis.source_event_id).toBe(head?.birth_event_id as string);
  });
});
