import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeEvent } from "../../core/events.ts";
import { connectClient, EINSTEIN, eventually, request, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
}, 30_000);
afterAll(async () => {
  await system.dispose();
}, 30_000);

const synthesisRevision = async (userId: string): Promise<number | undefined> => {
  const response = await request(system, "GET", `/v1/users/${userId}/synthesis`);
  if (response.status !== 200) return undefined;
  return ((await response.json()) as { revision: number }).revision;
};

describe("ordering owned by the server", () => {
  test("two quick identical updates: each is a revision, and the synthesis reaches the last (no 202 left behind)", async () => {
    const userId = uniqueName("twice");
    const first = await request(system, "PUT", `/v1/users/${userId}`, EINSTEIN);
    const second = await request(system, "PUT", `/v1/users/${userId}`, EINSTEIN);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect([((await first.json()) as { revision: number }).revision, ((await second.json()) as { revision: number }).revision]).toEqual([1, 2]);
    expect(await eventually("synthesis of revision 2", () => synthesisRevision(userId).then((revision) => revision === 2 && revision))).toBe(2);
  });

  test("concurrent updates of one new user all succeed with distinct revisions; the synthesis follows the last", async () => {
    const userId = uniqueName("race");
    const dates = ["1879-03-14", "1879-03-15", "1879-03-16", "1879-03-17", "1879-03-18"];
    const responses = await Promise.all(dates.map((date) => request(system, "PUT", `/v1/users/${userId}`, { ...EINSTEIN, date })));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const revisions = await Promise.all(responses.map(async (response) => ((await response.json()) as { revision: number }).revision));
    expect([...revisions].sort()).toEqual([1, 2, 3, 4, 5]);
    await eventually("synthesis of revision 5", () => synthesisRevision(userId).then((revision) => revision === 5 || undefined), 20_000);
    const stored = await system.node.users.getUser(userId);
    // The synthesis is of the birth data stored last, whichever request that was.
    const synthesis = await system.node.users.getSynthesis(userId);
    expect(synthesis?.source_event_id).toBe((await system.node.users.getUserHead(userId))?.birth_event_id);
    expect(stored?.revision).toBe(5);
    // The pending mark is cleared once the synthesis is announced, a moment after it is stored.
    await eventually("the pending mark cleared", async () => (await system.node.users.getUser(userId))?.pending_since === undefined);
  });

  test("a client's birth-data event dated in the future cannot lock the owner out", async () => {
    const userId = uniqueName("future");
    const { client } = await connectClient(system.mqttUrl);
    const future = makeEvent({ id: uniqueName("evt"), source: "/devices/t", type: "user.birth_data.updated", time: new Date("2099-01-01T00:00:00Z"), subject: userId, data: EINSTEIN });
    await client.publishAsync(system.topics.eventTopic(future), JSON.stringify(future), { qos: 1 });
    await client.endAsync();
    await eventually("first synthesis", () => synthesisRevision(userId));
    const put = await request(system, "PUT", `/v1/users/${userId}`, { ...EINSTEIN, date: "1879-03-15" });
    expect(put.status).toBe(200);
    await eventually("second synthesis", () => synthesisRevision(userId).then((revision) => revision === 2 || undefined));
    expect((await system.node.users.getUser(userId))?.birth.date).toBe("1879-03-15");
  });

  test("four concurrent first writes of a module's config all succeed, each with its own version", async () => {
    const responses = await Promise.all(
      [1, 2, 3, 4].map((index) => request(system, "PUT", "/v1/config/numerology", { system: index % 2 === 0 ? "pythagorean" : "chaldean" })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const versions = await Promise.all(responses.map(async (response) => ((await response.json()) as { version: number }).version));
    expect([...versions].sort()).toEqual([1, 2, 3, 4]);
  });
});
