import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MqttClient } from "mqtt";
import { makeEvent } from "../../core/events.ts";
import { connectClient, EINSTEIN, eventually, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

let system: TestSystem;
let client: MqttClient;
let messages: { topic: string; payload: string; retain: boolean }[];

beforeAll(async () => {
  system = await startTestSystem();
  ({ client, messages } = await connectClient(system.mqttUrl));
  await client.subscribeAsync(`${system.root}/#`, { qos: 1 });
}, 30_000);
afterAll(async () => {
  await client.endAsync();
  await system.dispose();
}, 30_000);

const parsed = () => messages.map((message) => ({ ...message, json: safeJson(message.payload) }));
function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function publishEvent(topic: string, event: Record<string, unknown>) {
  return client.publishAsync(topic, JSON.stringify(event), { qos: 1 });
}

describe("MQTT-only pipeline", () => {
  test("a birth-data event from a client yields a profile, then a synthesis, as CloudEvents", async () => {
    const userId = uniqueName("mqtt-user");
    const event = makeEvent({
      id: uniqueName("evt"),
      source: "/devices/test",
      type: "user.birth_data.updated",
      time: new Date(),
      subject: userId,
      data: EINSTEIN,
    });
    await publishEvent(system.topics.eventTopic(event), event);
    const generated = await eventually("synthesis.profile.generated", () =>
      parsed().find((message) => message.json?.type === "synthesis.profile.generated" && message.json.subject === userId),
    );
    // An event about one person travels under that person's subtree (DESIGN.md §5).
    expect(generated.topic).toBe(`${system.root}/users/${userId}/events/synthesis/profile/generated`);
    expect(generated.json?.specversion).toBe("1.0");
    const calculated = parsed().find(
      (message) =>
        message.json?.type === "module.profile.calculated" &&
        message.json.subject === userId &&
        (message.json.data as { module?: string }).module === "numerology",
    );
    expect(calculated?.json?.data).toMatchObject({ module: "numerology", user_id: userId, status: "ok" });
    const stored = await system.node.users.getSynthesis(userId);
    expect(stored?.modules.numerology?.data.life_path).toBe(6);

    // Redelivery of the same event changes nothing: no second profile calculation is stored.
    const storedProfile = await system.node.users.getProfile(userId, "numerology");
    await publishEvent(system.topics.eventTopic(event), event);
    await eventually("the redelivered job to be skipped", () =>
      system.node.actorSummaries()[0]?.counters.skipped ? true : undefined,
    );
    await system.node.idle();
    const again = await system.node.users.getProfile(userId, "numerology");
    expect(again?.metadata?.calculated_at).toBe(storedProfile?.metadata?.calculated_at);
  });

  test("request/reply: calc, synthesis.get, profile.get and an error reply", async () => {
    const replyTo = `${system.topics.replies(uniqueName("app"))}/answers`;
    await client.subscribeAsync(replyTo, { qos: 1 });
    const ask = async (action: string, fields: { data?: unknown; subject?: string }) => {
      const correlationid = uniqueName("corr");
      await publishEvent(system.topics.request(action), {
        ...makeEvent({ id: uniqueName("req"), source: "/apps/test", type: action, time: new Date(), data: fields.data ?? {}, ...(fields.subject ? { subject: fields.subject } : {}) }),
        replyto: replyTo,
        correlationid,
      });
      return eventually(`reply to ${action}`, () =>
        parsed().find((message) => message.topic === replyTo && message.json?.correlationid === correlationid),
      );
    };

    const calc = await ask("calc", { data: { module: "numerology", birth: EINSTEIN } });
    expect(calc.json?.type).toBe("calc.reply");
    expect((calc.json?.data as { data: { life_path: number } }).data.life_path).toBe(6);

    const userId = uniqueName("req-user");
    await system.node.submitBirthData(userId, { ...EINSTEIN, calendar: "gregorian" });
    await eventually("synthesis", () => system.node.users.getSynthesis(userId).then((found) => found ?? undefined));
    const synthesis = await ask("synthesis.get", { subject: userId });
    expect(synthesis.json?.type).toBe("synthesis.get.reply");
    expect((synthesis.json?.data as { user_id: string }).user_id).toBe(userId);

    const profile = await ask("profile.get", { subject: userId, data: { module: "numerology" } });
    expect((profile.json?.data as { module: string }).module).toBe("numerology");

    const bad = await ask("calc", { data: { module: "numerology", birth: { ...EINSTEIN, latitude: 123 } } });
    expect(bad.json?.type).toBe("calc.error");
    expect(bad.json?.data).toMatchObject({ error: "invalid_input", issues: [{ path: "latitude" }] });

    // The MQTT door takes the same range of instants as HTTP and the CLI.
    const far = await ask("calc", { data: { module: "numerology", birth: { ...EINSTEIN, date: "4500-01-01" } } });
    expect(far.json?.type).toBe("calc.error");
    expect(far.json?.data).toMatchObject({ error: "invalid_input", issues: [{ path: "date" }] });

    const unknown = await ask("synthesis.get", { subject: "nobody-here" });
    expect(unknown.json?.type).toBe("synthesis.get.error");
    expect((unknown.json?.data as { error: string }).error).toBe("not_found");
  });

  test("node presence and actor state are retained", async () => {
    const presence = await eventually("presence", () => parsed().find((message) => message.topic === system.topics.node(system.nodeId)));
    expect(presence.payload).toBe("online");
    const state = await eventually("actor state", () =>
      parsed().find((message) => message.topic === system.topics.actor(system.nodeId, "module.numerology")),
    );
    expect(state.json).toMatchObject({ id: "module.numerology", module: "numerology" });
  });
});
