import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectAs, connectOutcome, subackCode } from "../support/mqtt-clients.ts";
import { EINSTEIN, eventually, request, startTestSystem, type TestSystem } from "../support/services.ts";

/**
 * A person's whole way through the access control, as an app would go: a service creates the person and a
 * token over HTTP; the node gives the person an account on Mosquitto (dynamic security); the person's own
 * MQTT client sees their events and no one else's; erasing the person closes the account.
 */
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ env: { GUTTERS_BROKER_ACCOUNTS: "dynsec" } });
});

afterAll(async () => {
  await system?.dispose();
});

const brokerAddress = (): string => {
  const url = new URL(system.mqttUrl);
  return `mqtt://${url.host}`;
};

describe("a person's token on HTTP and MQTT (Mosquitto with dynamic security)", () => {
  test("own events arrive; another person's subtree is refused; erase closes the account", async () => {
    const created = async (name: string) => ((await (await request(system, "POST", "/v1/users", { ...EINSTEIN, name })).json()) as { id: string }).id;
    const ada = await created("Ada Journey");
    const grace = await created("Grace Journey");
    const issued = await request(system, "POST", `/v1/users/${ada}/tokens`, {});
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };

    const person = await connectAs(brokerAddress(), ada, token, { protocolVersion: 5 });
    try {
      expect(await subackCode(person.client, `${system.root}/users/${ada}/#`)).toBe(1);
      // MQTT 5 §3.9.3: 0x87 Not authorized.
      expect(await subackCode(person.client, `${system.root}/users/${grace}/#`)).toBe(0x87);
      expect(await subackCode(person.client, `${system.root}/users/+/events/#`)).toBe(0x87);

      // The person updates their own birth data over their own topic and sees the synthesis arrive.
      await request(system, "PUT", `/v1/users/${grace}`, { ...EINSTEIN, name: "Grace Updated" });
      const event = { specversion: "1.0", id: crypto.randomUUID(), source: "/app", type: "user.birth_data.updated", subject: ada, time: new Date().toISOString(), data: { ...EINSTEIN, name: "Ada Moved" } };
      await person.client.publishAsync(`${system.root}/users/${ada}/events/user/birth_data/updated`, JSON.stringify(event), { qos: 1 });
      // Her first synthesis (from the POST) may come by too: the one wanted is of revision 2, her own update.
      const synthesisOf = (revision: number) => (message: { topic: string; payload: string }) =>
        message.topic.endsWith("/events/synthesis/profile/generated") && (JSON.parse(message.payload) as { data: { revision: number } }).data.revision === revision;
      await eventually("ada's second synthesis on her topic", () => person.messages.some(synthesisOf(2)), 25_000);
      const user = (await (await request(system, "GET", `/v1/users/${ada}`)).json()) as { birth: { name: string } };
      expect(user.birth.name).toBe("Ada Moved");
      expect(person.messages.filter((message) => message.topic.includes(grace))).toEqual([]);
      expect(person.messages.some((message) => message.payload.includes("Grace"))).toBe(false);

      // Forging the node's output on her own topic is refused by the broker (PUBACK 0x87), so nothing reaches the node.
      const forged = person.client.publishAsync(`${system.root}/users/${ada}/events/module/profile/calculated`, "{}", { qos: 1 });
      await expect(forged).rejects.toThrow();
    } finally {
      await person.client.endAsync(true).catch(() => undefined);
    }

    expect((await request(system, "DELETE", `/v1/users/${ada}`)).status).toBe(204);
    await eventually("the account removed", async () => (await connectOutcome(brokerAddress(), ada, token, 5)) !== "connected", 10_000);
  });
});
