import { afterAll, describe, expect, test } from "bun:test";
import mqtt from "mqtt";
import { connectBus, type EventBus, SUBSCRIBER_RECEIVE_MAXIMUM } from "../../bus/mqtt-bus.ts";
import { createLogger } from "../../core/logger.ts";
import { eventually, serviceUrls, uniqueName } from "../support/services.ts";

/**
 * The node's subscriber under a backlog of slow handlers, on the shared Mosquitto. A 10 000-user run lost its
 * subscriber connection every 90 s: MQTT.js read the broker's PINGRESP only after every message delivered
 * before it had been handled, one at a time, and declared the live connection dead ("Keepalive timeout").
 * Here the keepalive is 1 s, so MQTT.js expects the PINGRESP within half a second of its PINGREQ, while each
 * handler takes 2.5 s.
 */

const KEEPALIVE_SECONDS = 1;
const HANDLER_MS = 2500;
const MESSAGES = SUBSCRIBER_RECEIVE_MAXIMUM + 8;

const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

async function connectNodeBus(url: string, clientId: string, root: string, lines: string[]): Promise<EventBus> {
  const bus = await connectBus({
    url,
    clientId,
    presenceTopic: `${root}/nodes/${clientId}`,
    logger: createLogger("info", {}, (line) => lines.push(line)),
    shareWork: true,
    protocolVersion: 5,
    sessionExpirySeconds: 300,
    connectTimeoutMs: 5000,
    keepaliveSeconds: KEEPALIVE_SECONDS,
  });
  closers.push(() => bus.close());
  return bus;
}

/**
 * What the broker delivers again when the session is resumed, collected by a plain client that listens
 * before it connects (the bus routes only to handlers subscribed after its connection is up).
 */
async function redelivered(url: string, clientId: string, waitMs: number): Promise<string[]> {
  const topics: string[] = [];
  const client = mqtt.connect(url, { clientId, clean: false, protocolVersion: 5, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 });
  client.on("message", (topic) => topics.push(topic));
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("error", reject);
  });
  await Bun.sleep(waitMs);
  await client.endAsync();
  return topics;
}

describe("a subscriber with slow handlers keeps its connection", () => {
  test(
    "no keepalive timeout, each message handled once, and acknowledged so that a new session gets none again",
    async () => {
      const { mqttUrl } = serviceUrls();
      const root = `gutters-test/${uniqueName("delivery")}`;
      const clientId = uniqueName("bus");
      const lines: string[] = [];
      const bus = await connectNodeBus(mqttUrl, clientId, root, lines);
      const handled = new Map<string, number>();
      await bus.subscribe(
        `${root}/work/#`,
        async (topic) => {
          await Bun.sleep(HANDLER_MS);
          handled.set(topic, (handled.get(topic) ?? 0) + 1);
        },
        { share: "delivery" },
      );

      const sender = await mqtt.connectAsync(mqttUrl, { clientId: uniqueName("sender"), protocolVersion: 5 });
      closers.push(() => sender.endAsync());
      for (let index = 0; index < MESSAGES; index++) await sender.publishAsync(`${root}/work/${index}`, `message ${index}`, { qos: 1 });

      // Handled one at a time this took MESSAGES × 2.5 s, with a reconnect every 1.5 s (and every message in
      // hand delivered again); side by side, two rounds of 2.5 s.
      await eventually("every message handled", () => handled.size === MESSAGES, 20_000);
      await bus.drained();
      const connectionLost = lines.filter((line) => /Keepalive timeout|mqtt reconnecting/.test(line));
      expect(connectionLost).toEqual([]);
      expect([...handled.values()].every((times) => times === 1)).toBe(true);

      // The PUBACKs the bus sent reached the broker: the same session, resumed, is given nothing again.
      await bus.close();
      expect(await redelivered(mqttUrl, clientId, 1500)).toEqual([]);
    },
    40_000,
  );

  test("a message whose handler had not finished when the connection closed is delivered again", async () => {
    const { mqttUrl } = serviceUrls();
    const root = `gutters-test/${uniqueName("delivery")}`;
    const clientId = uniqueName("bus");
    const lines: string[] = [];
    const bus = await connectNodeBus(mqttUrl, clientId, root, lines);
    let started = 0;
    await bus.subscribe(`${root}/work/#`, () => {
      started += 1;
      return new Promise<void>(() => undefined);
    });
    const sender = await mqtt.connectAsync(mqttUrl, { clientId: uniqueName("sender"), protocolVersion: 5 });
    closers.push(() => sender.endAsync());
    await sender.publishAsync(`${root}/work/held`, "held", { qos: 1 });
    await eventually("the handler started", () => started === 1);
    await bus.close();

    expect(await redelivered(mqttUrl, clientId, 1500)).toEqual([`${root}/work/held`]);
  }, 20_000);

  test("a restarted node's handlers get the messages its session is given again before they subscribe", async () => {
    const { mqttUrl } = serviceUrls();
    const root = `gutters-test/${uniqueName("delivery")}`;
    const clientId = uniqueName("bus");
    const lines: string[] = [];
    const bus = await connectNodeBus(mqttUrl, clientId, root, lines);
    let started = 0;
    await bus.subscribe(
      `${root}/work/#`,
      () => {
        started += 1;
        return new Promise<void>(() => undefined);
      },
      { share: "delivery" },
    );
    const sender = await mqtt.connectAsync(mqttUrl, { clientId: uniqueName("sender"), protocolVersion: 5 });
    closers.push(() => sender.endAsync());
    await sender.publishAsync(`${root}/work/in-hand`, "in hand", { qos: 1 });
    await eventually("the handler started", () => started === 1);
    await bus.close();

    // The broker sends the message as soon as the session resumes, before `subscribe` below: it used to reach
    // no handler and be acknowledged, left to the reconciler.
    const restarted = await connectNodeBus(mqttUrl, clientId, root, lines);
    const handled: string[] = [];
    await restarted.subscribe(`${root}/work/#`, (topic) => void handled.push(topic), { share: "delivery" });
    await eventually("the message handled after the restart", () => handled.length === 1, 5000);
    expect(handled).toEqual([`${root}/work/in-hand`]);
    await restarted.drained();
    await restarted.close();
    expect(await redelivered(mqttUrl, clientId, 1000)).toEqual([]);
  }, 20_000);
});
