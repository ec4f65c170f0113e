import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
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
    await Bun.sleep(300);
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
    await system.node.idle();
    // Late jobs re-check the user after writing; give the erasure events time to be handled too.
    await Bun.sleep(500);
    await system.node.idle();
    for (const id of ids) expect(await documentsMentioning(id)).toEqual([]);
  });
});
