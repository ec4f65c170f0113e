import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MqttClient } from "mqtt";
import { makeEvent } from "../../core/events.ts";
import { connectClient, EINSTEIN, eventually, request, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

let system: TestSystem;
let client: MqttClient;
let messages: { topic: string; payload: string }[];

beforeAll(async () => {
  system = await startTestSystem();
  ({ client, messages } = await connectClient(system.mqttUrl));
  await client.subscribeAsync(system.topics.deadLetter, { qos: 1 });
}, 30_000);
afterAll(async () => {
  await client.endAsync();
  await system.dispose();
}, 30_000);

/** The topic a client publishes a birth-data payload on: its subject's, or someone's when it has none. */
const birthTopic = (payload = "") => {
  const subject = (() => {
    try {
      return (JSON.parse(payload) as { subject?: unknown }).subject;
    } catch {
      return undefined;
    }
  })();
  return system.topics.userEvent(typeof subject === "string" && /^[A-Za-z0-9]/.test(subject) ? subject : "someone", "user.birth_data.updated");
};
const letters = () =>
  messages.filter((message) => message.topic === system.topics.deadLetter).map((message) => JSON.parse(message.payload) as {
    reason: { error: string; message: string; issues?: { path: string }[] };
    topic: string;
    size: number;
    sha256: string;
  });

describe("bad MQTT payloads go to the dead letter and the node keeps serving", () => {
  test.each([
    ["not JSON", "{oops", "invalid_input", undefined],
    ["not a CloudEvent", JSON.stringify({ hello: "world" }), "invalid_input", "specversion"],
    ["no user id subject", JSON.stringify(makeEvent({ id: "e1", source: "/t", type: "user.birth_data.updated", time: new Date(), data: EINSTEIN })), "invalid_input", "subject"],
    ["a `$` user id", JSON.stringify(makeEvent({ id: "e2", source: "/t", type: "user.birth_data.updated", time: new Date(), subject: "$where", data: EINSTEIN })), "invalid_input", "subject"],
    ["latitude out of range", JSON.stringify(makeEvent({ id: "e3", source: "/t", type: "user.birth_data.updated", time: new Date(), subject: "u1", data: { ...EINSTEIN, latitude: 91 } })), "invalid_input", "data.latitude"],
    ["an operator key in the birth data", JSON.stringify(makeEvent({ id: "e4", source: "/t", type: "user.birth_data.updated", time: new Date(), subject: "u2", data: { ...EINSTEIN, $set: { x: 1 } } })), "invalid_input", "data"],
    // Revisions are assigned by GUTTERS under ids naming the user's generation; a client's would be computed as one.
    ["a revision GUTTERS did not assign", JSON.stringify(makeEvent({ id: "e5", source: "/t", type: "user.birth_data.updated", time: new Date(), subject: "u3", data: EINSTEIN, revision: 2 })), "invalid_input", "revision"],
    ["oversized", JSON.stringify({ blob: "x".repeat(70 * 1024) }), "payload_too_large", undefined],
  ])("%s", async (_name, payload, code, path) => {
    const before = letters().length;
    await client.publishAsync(birthTopic(payload), payload, { qos: 1 });
    const letter = await eventually("dead letter", () => letters()[before]);
    expect(letter.reason.error).toBe(code);
    expect(letter.topic).toBe(birthTopic(payload));
    if (path !== undefined) expect(letter.reason.issues?.map((issue) => issue.path)).toContain(path);
    // The letter identifies the payload by size and hash; no birth data travels with it.
    expect(letter.size).toBe(Buffer.byteLength(payload));
    expect(letter.sha256).toBe(new Bun.CryptoHasher("sha256").update(payload).digest("hex"));
    expect(JSON.stringify(letter)).not.toMatch(/Einstein|1879-03-14|11:30|Ulm|oops/);
  });

  test("an event published on another person's topic is refused, naming the subject", async () => {
    const before = letters().length;
    const forged = makeEvent({ id: "e5", source: "/t", type: "user.birth_data.updated", time: new Date(), subject: "victim", data: EINSTEIN });
    const topic = system.topics.userEvent("attacker", "user.birth_data.updated");
    await client.publishAsync(topic, JSON.stringify(forged), { qos: 1 });
    const letter = await eventually("dead letter", () => letters()[before]);
    expect(letter.topic).toBe(topic);
    expect(letter.reason.issues?.map((issue) => issue.path)).toEqual(["subject"]);
    expect(await system.node.users.getUser("victim")).toBeNull();
  });

  test("an answer on one person's topic about another person is refused, naming the user", async () => {
    const before = letters().length;
    const forged = makeEvent({
      id: "e6",
      source: "/t",
      type: "module.profile.calculated",
      time: new Date(),
      subject: "attacker",
      data: { module: "numerology", user_id: "victim", source_event_id: "x", revision: 1, status: "ok", complete: true },
    });
    const topic = system.topics.eventTopic(forged);
    await client.publishAsync(topic, JSON.stringify(forged), { qos: 1 });
    const letter = await eventually("dead letter", () => letters()[before]);
    expect(letter.topic).toBe(topic);
    expect(letter.reason.issues?.map((issue) => issue.path)).toEqual(["data.user_id"]);
  });

  test("the node still processes a valid event and counts the dead letters", async () => {
    const userId = uniqueName("after-bad");
    const event = makeEvent({ id: uniqueName("evt"), source: "/t", type: "user.birth_data.updated", time: new Date(), subject: userId, data: EINSTEIN });
    await client.publishAsync(birthTopic(JSON.stringify(event)), JSON.stringify(event), { qos: 1 });
    await eventually("synthesis after bad input", async () => (await system.node.users.getSynthesis(userId)) ?? undefined);
    const metrics = await (await request(system, "GET", "/metrics")).text();
    expect(metrics).toMatch(/gutters_dead_letters_total\{node="[^"]+"\} 10/);
    expect(await system.node.users.getUser("u1")).toBeNull();
    expect(await system.node.users.listProfiles("u3")).toEqual([]);
  });

  test("a request without reply routing is a dead letter too", async () => {
    const before = letters().length;
    const event = makeEvent({ id: "r1", source: "/t", type: "calc", time: new Date(), data: { module: "numerology", birth: EINSTEIN } });
    await client.publishAsync(system.topics.request("calc"), JSON.stringify(event), { qos: 1 });
    const letter = await eventually("dead letter", () => letters()[before]);
    expect(letter.reason.issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(["replyto", "correlationid"]));
  });
});

describe("bad HTTP input gets a clear 4xx and stores nothing", () => {
  test.each([
    ["POST", "/v1/users", "{oops", 400, undefined],
    ["POST", "/v1/users", { ...EINSTEIN, date: "1879-02-30" }, 400, "date"],
    ["POST", "/v1/users", { ...EINSTEIN, time: "25:00" }, 400, "time"],
    ["POST", "/v1/users", { ...EINSTEIN, timezone: "Mars/Olympus" }, 400, "timezone"],
    ["POST", "/v1/users", { ...EINSTEIN, timezone: undefined }, 400, "timezone"],
    ["POST", "/v1/users", { ...EINSTEIN, $where: "1" }, 400, undefined],
    ["POST", "/v1/users", { date: "1879-03-14", latitude: "48", longitude: 9 }, 400, "latitude"],
    ["GET", "/v1/users/$ne", undefined, 400, "id"],
    ["GET", "/v1/users/nobody", undefined, 404, undefined],
    ["GET", "/v1/nowhere", undefined, 404, undefined],
    ["PUT", "/v1/config/numerology", { system: "klingon" }, 422, "system"],
    ["PUT", "/v1/config/nonexistent", {}, 404, undefined],
    ["POST", "/v1/calc/numerology", { ...EINSTEIN, name: undefined }, 400, "name"],
  ])("%s %s → %d", async (method, path, body, status, field) => {
    const users = await system.node.users.countUsers();
    const response = await request(system, method, path, body);
    expect(response.status).toBe(status);
    const json = (await response.json()) as { error: string; message: string; issues?: { path: string }[] };
    expect(typeof json.error).toBe("string");
    expect(json.message).not.toContain("    at ");
    if (field !== undefined) expect(json.issues?.map((issue) => issue.path)).toContain(field);
    expect(await system.node.users.countUsers()).toBe(users);
  });

  test("a body over 64 KiB is refused with 413", async () => {
    const response = await request(system, "POST", "/v1/users", JSON.stringify({ ...EINSTEIN, place: "x".repeat(65 * 1024) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe("payload_too_large");
  });
});
