import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MqttClient } from "mqtt";
import { BrokerAccountConflict } from "../../bus/dynsec-commands.ts";
import { type ClosableBrokerAccounts, connectDynsecAccounts, openBrokerAccounts } from "../../bus/dynsec-accounts.ts";
import { UnavailableError } from "../../core/errors.ts";
import { topicsFor } from "../../core/events.ts";
import { createLogger } from "../../core/logger.ts";
import { startEmbeddedBroker } from "../../server/embedded.ts";
import { Attempts, connectAs, connectOutcome, type Received, subackCode } from "../support/mqtt-clients.ts";
import { connectClient, eventually, serviceUrls, uniqueName } from "../support/services.ts";

// Mosquitto from scripts/services.sh runs the dynamic security plugin; MQTT_URL carries its admin account.
// People's accounts are made by bus/dynsec-accounts.ts exactly as the node makes them when it issues a token.
const { mqttUrl } = serviceUrls();
const address = (() => {
  const url = new URL(mqttUrl);
  return `mqtt://${url.hostname}:${url.port}`;
})();
const root = `gutters-test/${uniqueName("dynsec")}`;
const topics = topicsFor(root);
const logger = createLogger("silent");
const alice = uniqueName("alice");
const bob = uniqueName("bob");
const tokens = { alice: `tok-${crypto.randomUUID()}`, bob: `tok-${crypto.randomUUID()}` };
const attempts = new Attempts();
const open: MqttClient[] = [];
let accounts: ClosableBrokerAccounts;
let admin: { client: MqttClient; messages: Received[] };

async function as(username: string, password: string): Promise<{ client: MqttClient; messages: Received[] }> {
  const connected = await connectAs(address, username, password, { protocolVersion: 5 });
  open.push(connected.client);
  return connected;
}

/** Publishes as the admin, then a marker to the same subscriber: once the marker is in, anything earlier would be too. */
async function markAfter(markerTopic: string, messages: Received[]): Promise<void> {
  const marker = uniqueName("marker");
  await admin.client.publishAsync(markerTopic, marker, { qos: 1 });
  await eventually(`marker on ${markerTopic}`, () => messages.some((message) => message.payload === marker));
}

beforeAll(async () => {
  accounts = await connectDynsecAccounts({ url: mqttUrl, root, logger });
  await accounts.grantPerson(alice, tokens.alice, new Date(Date.now() + 3_600_000));
  await accounts.grantPerson(bob, tokens.bob, new Date(Date.now() + 3_600_000));
  admin = await connectClient(mqttUrl);
  await admin.client.subscribeAsync(`${root}/#`, { qos: 1 });
});

afterAll(async () => {
  for (const client of open) await client.endAsync(true).catch(() => undefined);
  await admin.client.endAsync(true);
  await accounts.revokePerson(alice);
  await accounts.revokePerson(bob);
  await accounts.close();
  console.log(attempts.summary("Mosquitto with dynamic security"));
});

describe("Mosquitto with dynamic security", () => {
  test("anonymous clients and wrong passwords are refused", async () => {
    expect(await connectOutcome(address, undefined, undefined)).not.toBe("connected");
    expect(await connectOutcome(address, alice, "wrong", 5)).not.toBe("connected");
    expect(attempts.record((await connectOutcome(address, bob, tokens.alice, 5)) === "connected")).toBe(false);
    expect(await connectOutcome(address, alice, tokens.alice, 5)).toBe("connected");
    expect(await connectOutcome(address, alice, tokens.alice, 4)).toBe("connected");
  });

  test("a person subscribes to its own subtree, public events and tracking only", async () => {
    const { client } = await as(alice, tokens.alice);
    expect(await subackCode(client, topics.userTree(alice))).toBe(1);
    expect(await subackCode(client, topics.allEvents)).toBe(1);
    expect(await subackCode(client, `${root}/tracking/#`)).toBe(1);
    const refused: number[] = [];
    for (const filter of [
      topics.userTree(bob),
      `${root}/#`,
      `${root}/users/+/events/#`,
      `${root}/users/#`,
      "#",
      `$share/g/${root}/users/${bob}/#`,
      "$SYS/#",
      "$CONTROL/dynamic-security/#",
      `${root}/requests/#`,
    ]) {
      const code = await subackCode(client, filter);
      attempts.record(code < 0x80);
      refused.push(code);
    }
    // MQTT 5 §3.9.3: 0x87 Not authorized.
    expect(refused).toEqual(refused.map(() => 0x87));
  });

  test("a person receives its own events and nothing of another person's", async () => {
    const person = await as(alice, tokens.alice);
    await person.client.subscribeAsync(topics.userTree(alice), { qos: 1 });
    await person.client.subscribeAsync(`${root}/users/+/events/#`, { qos: 1 }).catch(() => undefined);
    await admin.client.publishAsync(topics.userEvent(bob, "user.birth_data.updated"), "bob's birth data", { qos: 1 });
    await admin.client.publishAsync(topics.userEvent(alice, "module.profile.calculated"), "alice's profile", { qos: 1 });
    await markAfter(topics.userEvent(alice, "a.b"), person.messages);
    expect(person.messages.map((message) => message.payload)).toContain("alice's profile");
    expect(attempts.record(person.messages.some((message) => message.payload === "bob's birth data"))).toBe(false);
  });

  test("a person's publish to another person's subtree, to public topics or to the control API is not delivered", async () => {
    const person = await as(alice, tokens.alice);
    const victim = await as(bob, tokens.bob);
    await victim.client.subscribeAsync(topics.userTree(bob), { qos: 1 });
    const forged = [
      [topics.userEvent(bob, "user.deleted"), "forged delete"],
      [topics.userRequest(bob, "synthesis.get"), "forged request"],
      [topics.event("cosmic.solar.alert"), "forged alert"],
      [topics.solarFeed("kp_1m"), "forged feed"],
      ["$CONTROL/dynamic-security/v1", JSON.stringify({ commands: [{ command: "setClientPassword", username: bob, password: "taken" }] })],
    ] as const;
    const pubacks: number[] = [];
    for (const [topic, payload] of forged) {
      // MQTT 5 §3.4.2.1: Mosquitto answers a refused QoS 1 publish with PUBACK 0x87 and keeps the connection.
      const code = await person.client.publishAsync(topic, payload, { qos: 1 }).then(
        () => 0,
        (error: unknown) => (error as { code?: number }).code ?? -1,
      );
      pubacks.push(code);
    }
    expect(pubacks).toEqual(forged.map(() => 0x87));
    await person.client.publishAsync(topics.userEvent(alice, "user.birth_data.updated"), "alice's own update", { qos: 1 });
    await eventually("alice's own update at the admin", () => admin.messages.some((message) => message.payload === "alice's own update"));
    await markAfter(topics.userEvent(bob, "a.b"), victim.messages);
    const delivered = [...victim.messages, ...admin.messages].map((message) => message.payload);
    for (const [, payload] of forged) attempts.record(delivered.includes(payload));
    expect(delivered.filter((payload) => payload.startsWith("forged"))).toEqual([]);
    expect(attempts.record((await connectOutcome(address, bob, "taken", 5)) === "connected")).toBe(false);
    expect(await connectOutcome(address, bob, tokens.bob, 5)).toBe("connected");
  });

  test("granting again replaces the password; revoking ends the account and its connections; both may run twice", async () => {
    const carol = uniqueName("carol");
    await accounts.grantPerson(carol, "first-token", new Date(Date.now() + 60_000));
    await accounts.grantPerson(carol, "second-token", new Date(Date.now() + 60_000));
    expect(await connectOutcome(address, carol, "first-token", 5)).not.toBe("connected");
    const connected = await as(carol, "second-token");
    expect(await subackCode(connected.client, topics.userTree(carol))).toBe(1);
    const closed = new Promise<void>((resolve) => connected.client.once("close", () => resolve()));
    await accounts.revokePerson(carol);
    await closed;
    expect(attempts.record((await connectOutcome(address, carol, "second-token", 5)) === "connected")).toBe(false);
    await accounts.revokePerson(carol);
    await accounts.revokePerson(uniqueName("never-granted"));
  });

  test("an account whose token expired is removed; one renewed since, and one whose expiry was never recorded, stay", async () => {
    const [erin, fred, gina, hugo] = ["erin", "fred", "gina", "hugo"].map((name) => uniqueName(name)) as [string, string, string, string];
    const past = new Date(Date.now() - 1_000);
    const future = new Date(Date.now() + 3_600_000);
    await accounts.grantPerson(erin, "erin-token", past);
    await accounts.grantPerson(fred, "fred-token", future);
    await accounts.grantPerson(gina, "gina-old", past);
    await accounts.grantPerson(gina, "gina-new", future);
    // An account from before expiries were recorded: its name says no expiry (its token did expire).
    await accounts.grantPerson(hugo, "hugo-token", past);
    await admin.client.subscribeAsync("$CONTROL/dynamic-security/v1/response", { qos: 1 });
    const renamed = uniqueName("renamed");
    const modify = { command: "modifyClient", username: hugo, textname: `GUTTERS person ${hugo}`, correlationData: renamed };
    await admin.client.publishAsync("$CONTROL/dynamic-security/v1", JSON.stringify({ commands: [modify] }), { qos: 1 });
    await eventually("the account renamed", () => admin.messages.some((message) => message.payload.includes(renamed)));
    // Mosquitto itself takes an expired token until the account is removed.
    const before = await as(erin, "erin-token");
    const closed = new Promise<void>((resolve) => before.client.once("close", () => resolve()));

    expect(await accounts.expireAccounts?.(new Date())).toBeGreaterThanOrEqual(1);
    await closed;
    expect(attempts.record((await connectOutcome(address, erin, "erin-token", 5)) === "connected")).toBe(false);
    for (const [name, token] of [[fred, "fred-token"], [gina, "gina-new"], [hugo, "hugo-token"]] as const) {
      expect({ name, outcome: await connectOutcome(address, name, token, 5) }).toEqual({ name, outcome: "connected" });
    }
    for (const name of [fred, gina, hugo]) await accounts.revokePerson(name);
  });

  test("a node keeping accounts removes expired ones on its own, every expirySweepMs", async () => {
    const swept = await connectDynsecAccounts({ url: mqttUrl, root, logger, expirySweepMs: 200 });
    try {
      const ivan = uniqueName("ivan");
      await swept.grantPerson(ivan, "ivan-token", new Date(Date.now() + 1_000));
      expect(await connectOutcome(address, ivan, "ivan-token", 5)).toBe("connected");
      await eventually("the expired account removed", async () => (await connectOutcome(address, ivan, "ivan-token", 5)) !== "connected", 10_000);
    } finally {
      await swept.close();
    }
  });

  test("reserved names and accounts GUTTERS does not keep are left alone", async () => {
    await expect(accounts.grantPerson("gutters-node", "t", new Date())).rejects.toBeInstanceOf(BrokerAccountConflict);
    await expect(accounts.grantPerson("apikey", "t", new Date())).rejects.toBeInstanceOf(BrokerAccountConflict);
    await expect(accounts.grantPerson("not/an/id", "t", new Date())).rejects.toBeInstanceOf(BrokerAccountConflict);
    await accounts.revokePerson("gutters-node");
    await accounts.revokePerson("not/an/id");
    expect(await connectOutcome(mqttUrl, undefined, undefined)).toBe("connected");
    const operator = uniqueName("operator");
    const control = (command: Record<string, unknown>) =>
      admin.client.publishAsync("$CONTROL/dynamic-security/v1", JSON.stringify({ commands: [command] }), { qos: 1 });
    await control({ command: "createClient", username: operator, password: "operator-secret" });
    await eventually("the operator's account", async () => (await connectOutcome(address, operator, "operator-secret")) === "connected");
    await expect(accounts.grantPerson(operator, "person-token", new Date())).rejects.toBeInstanceOf(BrokerAccountConflict);
    await accounts.revokePerson(operator);
    expect(await connectOutcome(address, operator, "operator-secret")).toBe("connected");
    expect(await connectOutcome(address, operator, "person-token")).not.toBe("connected");
    await control({ command: "deleteClient", username: operator });
  });

  test("a broker without dynamic security is said at connect, within the bound", async () => {
    const embedded = await startEmbeddedBroker({ port: 0, root });
    const started = Date.now();
    const error = await connectDynsecAccounts({ url: embedded.url, root, logger, timeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain("does not offer dynamic security");
    expect((error as Error).message).not.toContain(embedded.node.password);
    expect(Date.now() - started).toBeLessThan(3000);
    await embedded.stop();
    const wrong = new URL(mqttUrl);
    wrong.password = "wrong";
    const refused = await connectDynsecAccounts({ url: wrong.toString(), root, logger, timeoutMs: 5000 }).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as Error).message).toContain("Not authorized");
    expect((refused as Error).message).not.toContain("wrong");
  });

  test("GUTTERS_BROKER_ACCOUNTS=none keeps no accounts; dynsec opens them", async () => {
    const none = await openBrokerAccounts("none", { url: mqttUrl, root, logger });
    await none.grantPerson("dora", "t", new Date());
    expect(await connectOutcome(address, "dora", "t")).not.toBe("connected");
    await none.close();
    const dynsec = await openBrokerAccounts("dynsec", { url: mqttUrl, root, logger });
    const dora = uniqueName("dora");
    await dynsec.grantPerson(dora, "t", new Date(Date.now() + 60_000));
    expect(await connectOutcome(address, dora, "t")).toBe("connected");
    await dynsec.revokePerson(dora);
    await dynsec.close();
  });
});
