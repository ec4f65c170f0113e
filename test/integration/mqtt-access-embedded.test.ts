import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import mqtt, { type MqttClient } from "mqtt";
import type { Principal, Scope } from "../../auth/schemas.ts";
import type { CredentialVerifier } from "../../auth/verifier.ts";
import { topicsFor } from "../../core/events.ts";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../server/embedded.ts";
import { Attempts, connectAs, connectOutcome, type Received, subackCode } from "../support/mqtt-clients.ts";
import { eventually, uniqueName } from "../support/services.ts";

// The embedded broker enforces DESIGN.md §11 itself. The verifier here is a test double of our own
// CredentialVerifier interface (the real one reads api_keys and checks person tokens); the broker is real.
const root = `gutters-test/${uniqueName("emb")}`;
const topics = topicsFor(root);
const T0 = new Date("2030-01-01T00:00:00Z");
let clock = T0;
const credentials = new Map<string, Principal>();
let verifierDown = false;
const verifier: CredentialVerifier = {
  verify: async (credential) => {
    if (verifierDown) throw new Error("database unreachable");
    return credentials.get(credential) ?? null;
  },
};
const person = (userId: string, ttlMs = 3_600_000): Principal => ({ kind: "person", userId, expiresAt: new Date(T0.getTime() + ttlMs) });
const key = (...scopes: Scope[]): Principal => ({ kind: "key", keyId: uniqueName("key"), scopes });

let broker: EmbeddedBroker;
let address: string;
let verifierReady = false;
let node: MqttClient;
const attempts = new Attempts();
const open: MqttClient[] = [];

async function as(username: string, password: string, clientId?: string): Promise<{ client: MqttClient; messages: Received[] }> {
  const connected = await connectAs(address, username, password, clientId !== undefined ? { clientId } : {});
  open.push(connected.client);
  return connected;
}

/** Publishes as the node, then a marker to the same subscriber's topic: once the marker is in, anything earlier would be too. */
async function publishThenMark(topic: string, payload: string, markerTopic: string, messages: Received[]): Promise<void> {
  await node.publishAsync(topic, payload, { qos: 1 });
  const marker = uniqueName("marker");
  await node.publishAsync(markerTopic, marker, { qos: 1 });
  await eventually(`marker on ${markerTopic}`, () => messages.some((message) => message.payload === marker));
}

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0, root, verifier: () => (verifierReady ? verifier : undefined), now: () => clock });
  address = `mqtt://127.0.0.1:${new URL(broker.url).port}`;
  credentials.set("tok-alice", person("alice"));
  credentials.set("tok-bob", person("bob"));
  node = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
});

afterAll(async () => {
  for (const client of open) await client.endAsync(true).catch(() => undefined);
  await node.endAsync(true);
  await broker.stop();
  console.log(attempts.summary("embedded broker"));
});

describe("who may connect", () => {
  test("before the verifier exists only the node's own credential is accepted", async () => {
    credentials.set("gk_early", key("admin"));
    expect(await connectOutcome(address, "apikey", "gk_early")).toBe("Connection refused: Not authorized");
    expect(await connectOutcome(address, "gutters-node", broker.node.password)).toBe("connected");
    verifierReady = true;
    expect(await connectOutcome(address, "apikey", "gk_early")).toBe("connected");
  });
  test("anonymous clients, wrong passwords and credentials under another name are refused with CONNACK 5", async () => {
    const refused = "Connection refused: Not authorized";
    expect(await connectOutcome(address, undefined, undefined)).toBe(refused);
    expect(await connectOutcome(address, "alice", undefined)).toBe(refused);
    expect(await connectOutcome(address, "alice", "wrong")).toBe(refused);
    expect(await connectOutcome(address, "gutters-node", "wrong")).toBe(refused);
    expect(await connectOutcome(address, "gutters-node", "tok-alice")).toBe(refused);
    // A person's token under another person's id, or as a service; a key under a person's id.
    expect(attempts.record((await connectOutcome(address, "bob", "tok-alice")) === "connected")).toBe(false);
    expect(await connectOutcome(address, "apikey", "tok-alice")).toBe(refused);
    expect(await connectOutcome(address, "alice", "gk_early")).toBe(refused);
    expect(await connectOutcome(address, "alice", "tok-alice")).toBe("connected");
  });
  test("a verifier that cannot answer refuses with CONNACK 3, and the broker keeps serving", async () => {
    verifierDown = true;
    expect(await connectOutcome(address, "alice", "tok-alice")).toBe("Connection refused: Server unavailable");
    verifierDown = false;
    expect(await connectOutcome(address, "alice", "tok-alice")).toBe("connected");
  });
  test("a revoked token no longer connects", async () => {
    credentials.set("tok-carol", person("carol"));
    expect(await connectOutcome(address, "carol", "tok-carol")).toBe("connected");
    credentials.delete("tok-carol");
    expect(attempts.record((await connectOutcome(address, "carol", "tok-carol")) === "connected")).toBe(false);
  });
});

describe("a person's client", () => {
  test("receives its own events, public events and tracking, and nothing of another person", async () => {
    const alice = await as("alice", "tok-alice");
    expect(await subackCode(alice.client, topics.userTree("alice"))).toBe(1);
    expect(await subackCode(alice.client, topics.allEvents)).toBe(1);
    expect(await subackCode(alice.client, `${root}/tracking/#`)).toBe(1);
    for (const filter of [topics.userTree("bob"), `${root}/#`, topics.anyUserEvent("user.birth_data.updated"), "#", `$share/g/${root}/users/bob/#`, "$SYS/#", `${root}/users/alice/../bob/#`]) {
      expect(attempts.record((await subackCode(alice.client, filter)) < 0x80)).toBe(false);
    }
    await node.publishAsync(topics.trackingCurrent("lunar"), "lunar", { qos: 1, retain: true });
    await publishThenMark(topics.userEvent("bob", "user.birth_data.updated"), "bob's birth data", topics.userEvent("alice", "module.profile.calculated"), alice.messages);
    await eventually("public tracking", () => alice.messages.some((message) => message.payload === "lunar"));
    expect(attempts.record(alice.messages.some((message) => message.payload.includes("bob")))).toBe(false);
    expect(alice.messages.every((message) => message.topic.startsWith(`${root}/users/alice/`) || message.topic.startsWith(`${root}/tracking/`))).toBe(true);
  });
  test("its publish to another person's subtree is not delivered (the broker ends the connection)", async () => {
    const bob = await as("bob", "tok-bob");
    await subackCode(bob.client, topics.userTree("bob"));
    const watcher = await as("apikey", "gk_early");
    await subackCode(watcher.client, `${root}/#`);
    const alice = await as("alice", "tok-alice");
    const closed = new Promise<void>((resolve) => alice.client.once("close", () => resolve()));
    alice.client.publish(topics.userEvent("bob", "user.deleted"), "forged by alice", { qos: 0 });
    await closed;
    await publishThenMark(topics.userEvent("bob", "user.profile.ping"), "bob ping", topics.userEvent("bob", "module.profile.calculated"), bob.messages);
    await eventually("watcher marker", () => watcher.messages.some((message) => message.payload === "bob ping"));
    expect(attempts.record([...bob.messages, ...watcher.messages].some((message) => message.payload === "forged by alice"))).toBe(false);
  });
  test("its own events and requests reach the node", async () => {
    const alice = await as("alice", "tok-alice");
    const seen: string[] = [];
    node.on("message", (_topic, payload) => seen.push(payload.toString()));
    await node.subscribeAsync(topics.userTree("alice"), { qos: 1 });
    await alice.client.publishAsync(topics.userEvent("alice", "user.birth_data.updated"), "own update", { qos: 1 });
    await alice.client.publishAsync(topics.userRequest("alice", "synthesis.get"), "own request", { qos: 1 });
    await eventually("alice's publishes at the node", () => seen.includes("own update") && seen.includes("own request"));
  });
  test("after its token expires it is sent nothing and may subscribe to nothing", async () => {
    credentials.set("tok-dave", person("dave", 60_000));
    const dave = await as("dave", "tok-dave");
    await subackCode(dave.client, topics.userTree("dave"));
    await publishThenMark(topics.userEvent("dave", "a.b"), "before expiry", topics.userEvent("dave", "a.c"), dave.messages);
    clock = new Date(T0.getTime() + 120_000);
    await node.publishAsync(topics.userEvent("dave", "a.b"), "after expiry", { qos: 1 });
    expect(await subackCode(dave.client, topics.allEvents)).toBe(0x80);
    // The forwarding check runs before delivery: a marker to a client that may still read proves the publish went through.
    const watcher = await as("apikey", "gk_early");
    await subackCode(watcher.client, topics.userTree("dave"));
    await publishThenMark(topics.userEvent("dave", "a.d"), "later", topics.userEvent("dave", "a.e"), watcher.messages);
    expect(dave.messages.map((message) => message.payload)).not.toContain("after expiry");
    expect(await connectOutcome(address, "dave", "tok-dave")).toBe("Connection refused: Not authorized");
    clock = T0;
  });
});

describe("a service with an API key (username apikey)", () => {
  test("each scope reaches what the table grants, and only that", async () => {
    credentials.set("gk_reader", key("events:read"));
    credentials.set("gk_writer", key("users:write"));
    credentials.set("gk_calc", key("calc"));
    const reader = await as("apikey", "gk_reader");
    expect(await subackCode(reader.client, `${root}/#`)).toBe(1);
    expect(await subackCode(reader.client, "$SYS/#")).toBe(0x80);
    const writer = await as("apikey", "gk_writer");
    expect(await subackCode(writer.client, `${root}/#`)).toBe(0x80);
    await writer.client.publishAsync(topics.userEvent("alice", "user.birth_data.updated"), "from the writer", { qos: 1 });
    await eventually("the reader sees the writer's event", () => reader.messages.some((message) => message.payload === "from the writer"));
    const calc = await as("apikey", "gk_calc", "calc-svc");
    expect(await subackCode(calc.client, `${root}/replies/calc-svc/#`)).toBe(1);
    expect(await subackCode(calc.client, `${root}/replies/other-svc/#`)).toBe(0x80);
    expect(await subackCode(calc.client, topics.userTree("alice"))).toBe(0x80);
    await calc.client.publishAsync(topics.request("calc"), "calc request", { qos: 1 });
    await eventually("the reader sees the calc request", () => reader.messages.some((message) => message.payload === "calc request"));
    credentials.set("gk_users_reader", key("users:read"));
    const usersReader = await as("apikey", "gk_users_reader", "reader-svc");
    expect(await subackCode(usersReader.client, topics.anyUserEvent("synthesis.profile.generated"))).toBe(1);
    expect(await subackCode(usersReader.client, `${root}/replies/reader-svc/#`)).toBe(1);
    expect(await subackCode(usersReader.client, `${root}/users/alice/replies/#`)).toBe(0x80);
    await usersReader.client.publishAsync(topics.request("synthesis.get"), "synthesis request", { qos: 1 });
    await eventually("the reader sees the synthesis request", () => reader.messages.some((message) => message.payload === "synthesis request"));
    const closed = new Promise<void>((resolve) => calc.client.once("close", () => resolve()));
    calc.client.publish(topics.userEvent("alice", "user.deleted"), "calc forging", { qos: 0 });
    await closed;
    await publishThenMark(topics.event("x.y"), "after forging", topics.event("x.z"), reader.messages);
    expect(reader.messages.some((message) => message.payload === "calc forging")).toBe(false);
  });
});
