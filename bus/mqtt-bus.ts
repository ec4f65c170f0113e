import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import type { IPublishPacket } from "mqtt-packet";
import type { CloudEvent } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import { redactUrlCredentials } from "../core/redact.ts";
import { topicMatches } from "./topic-match.ts";
import { InOrderAcks, pubackPacket } from "./acknowledgements.ts";
import { DeliveryWindow } from "./delivery-window.ts";
import { EARLY_HANDOVER_DELAY_MS, EARLY_MESSAGE_WAIT_MS, EarlyMessages } from "./early-messages.ts";

/**
 * Handles one message. The broker's acknowledgement (PUBACK) is sent only once the returned promise
 * settles, so a handler that stores its effects before resolving gets the message again after a crash.
 */
export type MessageHandler = (topic: string, payload: Uint8Array) => void | Promise<void>;

export interface SubscribeOptions {
  /** Shared-subscription group: on a broker that shares work, one member of the group gets each message. */
  share?: string;
}

/** The node's link to the broker: publish, subscribe with routing, acknowledgement after effects, presence. */
export interface EventBus {
  publishEvent(topic: string, event: CloudEvent, options?: { retain?: boolean }): Promise<void>;
  publishJson(topic: string, value: unknown, options?: { retain?: boolean }): Promise<void>;
  /** Removes a retained message. */
  clearRetained(topic: string): Promise<void>;
  /** Subscribes a handler; the returned function removes it (the broker keeps the session's subscription). */
  subscribe(filter: string, handler: MessageHandler, options?: SubscribeOptions): Promise<() => Promise<void>>;
  /** Whether subscriptions with a `share` group are shared among nodes (`$share/<group>/…`). */
  readonly sharesWork: boolean;
  isConnected(): boolean;
  /** Number of live subscriptions held by handlers; a stopped node has none. */
  subscriptionCount(): number;
  /**
   * Leaves every share group, so the broker stops handing this node a share of the work while it is away
   * (shared work it is not given goes to the group's other members, or is found by the reconciler). Call
   * before `pause`: the broker's acknowledgement arrives on the connection that `pause` holds.
   */
  leaveShareGroups(): Promise<void>;
  /**
   * Stops handing messages to handlers. Messages that arrive from then on stay unacknowledged, so the
   * broker delivers them again to this node's session or another member of the group.
   */
  pause(): void;
  /** Resolves when every handler already running has finished (and its message was acknowledged). */
  drained(): Promise<void>;
  /** When a handler last finished (ms since the epoch; 0 before the first): whether work is flowing. */
  lastHandledAt(): number;
  close(): Promise<void>;
}

export interface BusOptions {
  url: string;
  /** Stable across restarts: the broker keeps the session (subscriptions, unacknowledged messages) under it. */
  clientId: string;
  presenceTopic: string;
  logger: Logger;
  /** Share work among nodes through `$share` subscriptions (needs MQTT 5 and a broker that offers them). */
  shareWork: boolean;
  /** 4 = MQTT 3.1.1, 5 = MQTT 5. */
  protocolVersion: 4 | 5;
  /** How long the broker keeps the session of a node that is away (MQTT 5). */
  sessionExpirySeconds: number;
  connectTimeoutMs: number;
  /** MQTT keepalive (seconds); 60 unless set. */
  keepaliveSeconds?: number;
}

const SUBSCRIBER_SUFFIX = "";
const PUBLISHER_SUFFIX = "-pub";
/**
 * Messages handled at once, and the most the broker should deliver to the subscriber before they are
 * acknowledged (MQTT 5 Receive Maximum; the default is 65 535). Mosquitto 2.0 keeps to it only at first:
 * once acknowledgements flow it sends whatever is queued, so the rest wait in the node, in order.
 */
export const SUBSCRIBER_RECEIVE_MAXIMUM = 32;
/**
 * Messages in hand (handled or waiting) before the subscriber stops reading its connection, so a broker that
 * sends a whole backlog cannot fill the node's memory. A waiting message costs about its payload (≈ 1 KiB).
 * While reading is stopped a PINGRESP waits too, and a keepalive interval may pass: the connection is then
 * dropped and made again, and the broker delivers what was not acknowledged.
 */
export const SUBSCRIBER_MAX_IN_HAND = 10_000;
/** Given to MQTT.js's message callback so that it reads on without a PUBACK: the bus sends it later. */
const ACKNOWLEDGED_BY_THE_BUS = new Error("acknowledged by the bus once handled");

interface Route {
  filter: string;
  brokerFilter: string;
  handlers: Set<MessageHandler>;
  id?: number;
}

/**
 * Connects to the broker with two clients of one persistent identity: a subscriber whose messages are
 * handled side by side (up to SUBSCRIBER_RECEIVE_MAXIMUM) and acknowledged, in the order received, after
 * their handlers finish; and a publisher, whose last will is the node's presence. Handlers announce what
 * they stored before their message is acknowledged.
 * Presence (`online`, retained) is published on every (re)connect; the last will marks the node offline.
 */
export async function connectBus(options: BusOptions): Promise<EventBus> {
  const base: IClientOptions = {
    protocolVersion: options.protocolVersion,
    clean: false,
    reconnectPeriod: 1000,
    keepalive: options.keepaliveSeconds ?? 60,
    connectTimeout: options.connectTimeoutMs,
    ...(options.protocolVersion === 5 ? { properties: { sessionExpiryInterval: options.sessionExpirySeconds } } : {}),
  };
  const publisher: MqttClient = mqtt.connect(options.url, {
    ...base,
    clientId: `${options.clientId}${PUBLISHER_SUFFIX}`,
    will: { topic: options.presenceTopic, payload: Buffer.from("offline"), qos: 1, retain: true },
  });
  const subscriber: MqttClient = mqtt.connect(options.url, {
    ...base,
    clientId: `${options.clientId}${SUBSCRIBER_SUFFIX}`,
    ...(options.protocolVersion === 5
      ? { properties: { sessionExpiryInterval: options.sessionExpirySeconds, receiveMaximum: SUBSCRIBER_RECEIVE_MAXIMUM } }
      : {}),
  });
  const routes = new Map<string, Route>();
  const routesById = new Map<number, Route>();
  const useIds = options.protocolVersion === 5;
  const sharesWork = options.shareWork && useIds;
  let nextId = 1;
  let paused = false;
  const deliveries = new DeliveryWindow({ concurrency: SUBSCRIBER_RECEIVE_MAXIMUM, buffered: SUBSCRIBER_MAX_IN_HAND });
  let closing = false;

  const publish = (topic: string, payload: string, retain: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      publisher.publish(topic, payload, { qos: 1, retain }, (error) => (error ? reject(error) : resolve()));
    });

  subscriber.on("connect", () => options.logger.info("mqtt connected", { client: "subscriber" }));
  publisher.on("connect", () => {
    options.logger.info("mqtt connected", { client: "publisher" });
    if (closing) return;
    publish(options.presenceTopic, "online", true).catch((error: unknown) =>
      options.logger.warn("cannot publish presence", describeError(error)),
    );
  });
  for (const [name, client] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    // `reason`, not `message`: a `message` field would replace the line's own message.
    client.on("error", (error) => options.logger.warn("mqtt error", { client: name, reason: error.message }));
    client.on("reconnect", () => options.logger.warn("mqtt reconnecting", { client: name }));
  }

  const routesFor = (packet: IPublishPacket): Route[] => {
    if (useIds) {
      const ids = packet.properties?.subscriptionIdentifier;
      const list = ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
      const found = list.map((id) => routesById.get(id)).filter((route): route is Route => route !== undefined);
      if (found.length > 0) return found;
    }
    return [...routes.values()].filter((route) => topicMatches(route.filter, packet.topic));
  };

  // PUBACKs go out on the connection the message came in on; one that has dropped sends none (the broker
  // delivers the message again).
  let acks = new InOrderAcks(() => undefined);
  subscriber.on("connect", () => {
    const stream = subscriber.stream;
    acks = new InOrderAcks((messageId) => {
      if (subscriber.stream === stream && subscriber.connected) stream.write(pubackPacket(messageId));
    });
  });
  subscriber.on("close", () => acks.reset());
  // MQTT.js reads the next packet only once this one's callback is called. Called at once (with an error,
  // so that MQTT.js sends no PUBACK of its own: `acks` sends it once the handlers are done), it keeps reading
  // while handlers run, and a broker's PINGRESP is read when it arrives, not after the backlog. Held while
  // handlers ran, the PINGRESP waited for the whole backlog and MQTT.js dropped a live connection
  // ("Keepalive timeout") every 90 s through a 10 000-user run, taking every message in hand again.
  const handle = async (packet: IPublishPacket): Promise<void> => {
    const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
    const work: Promise<unknown>[] = [];
    for (const route of routesFor(packet)) {
      for (const handler of route.handlers) {
        try {
          work.push(Promise.resolve(handler(packet.topic, payload)));
        } catch (error) {
          work.push(Promise.reject(error));
        }
      }
    }
    for (const result of await Promise.allSettled(work)) {
      if (result.status === "rejected") options.logger.error("message handler failed", { topic: packet.topic, ...describeError(result.reason) });
    }
  };
  const hasHandlers = (packet: IPublishPacket): boolean => routesFor(packet).some((route) => route.handlers.size > 0);
  const early = new EarlyMessages<IPublishPacket>({
    waitMs: EARLY_MESSAGE_WAIT_MS,
    handOverDelayMs: EARLY_HANDOVER_DELAY_MS,
    hasHandlers,
    deliver: (packet, acknowledge) => deliveries.accept(() => handle(packet), acknowledge, () => undefined),
    active: () => !paused,
  });
  subscriber.on("close", () => early.forget());
  subscriber.handleMessage = (packet, callback) => {
    // Held, never acknowledged: the broker delivers it again after the restart.
    if (paused || packet.cmd !== "publish") return;
    const publishPacket = packet as IPublishPacket;
    const messageId = publishPacket.messageId;
    // Effects are stored (or the failure logged and left to the reconciler): acknowledge, even while stopping.
    const acknowledge = publishPacket.qos > 0 && messageId !== undefined ? acks.received(messageId) : () => undefined;
    if (early.waiting && !hasHandlers(publishPacket)) {
      early.hold(publishPacket, acknowledge);
      callback(ACKNOWLEDGED_BY_THE_BUS);
      return;
    }
    deliveries.accept(() => handle(publishPacket), acknowledge, () => callback(ACKNOWLEDGED_BY_THE_BUS));
  };

  await Promise.all(
    [publisher, subscriber].map(
      (client) =>
        new Promise<void>((resolve, reject) => {
          const onError = (error: Error): void => {
            clearTimeout(timer);
            publisher.end(true);
            subscriber.end(true);
            reject(new Error(`cannot connect to MQTT broker at ${redactUrlCredentials(options.url)}: ${error.message}`));
          };
          // Cleared on connect: a late timer would otherwise end a healthy connection.
          const timer = setTimeout(() => onError(new Error("timed out")), options.connectTimeoutMs);
          client.once("connect", () => {
            clearTimeout(timer);
            client.off("error", onError);
            resolve();
          });
          client.once("error", onError);
        }),
    ),
  );

  return {
    sharesWork,
    publishEvent: (topic, event, publishOptions) => publish(topic, JSON.stringify(event), publishOptions?.retain ?? false),
    publishJson: (topic, value, publishOptions) => publish(topic, JSON.stringify(value), publishOptions?.retain ?? false),
    clearRetained: (topic) => publish(topic, "", true),
    async subscribe(filter, handler, subscribeOptions) {
      const brokerFilter = sharesWork && subscribeOptions?.share ? `$share/${subscribeOptions.share}/${filter}` : filter;
      let route = routes.get(brokerFilter);
      if (route === undefined) {
        route = { filter, brokerFilter, handlers: new Set() };
        if (useIds) {
          route.id = nextId++;
          routesById.set(route.id, route);
        }
        routes.set(brokerFilter, route);
        await subscriber.subscribeAsync(brokerFilter, {
          qos: 1,
          ...(route.id !== undefined ? { properties: { subscriptionIdentifier: route.id } } : {}),
        });
      }
      route.handlers.add(handler);
      early.handlersChanged();
      const owned = route;
      return async () => {
        owned.handlers.delete(handler);
        if (owned.handlers.size > 0) return;
        routes.delete(owned.brokerFilter);
        if (owned.id !== undefined) routesById.delete(owned.id);
        // A stopping node keeps its subscriptions in the session, so what arrives meanwhile waits for its
        // restart (it left its share groups first: `leaveShareGroups`). A node still running that drops a
        // subscription for good unsubscribes.
        if (!paused && subscriber.connected) await subscriber.unsubscribeAsync(owned.brokerFilter);
      };
    },
    isConnected: () => publisher.connected && subscriber.connected,
    subscriptionCount: () => [...routes.values()].reduce((sum, route) => sum + route.handlers.size, 0),
    async leaveShareGroups() {
      const shared = [...routes.values()].filter((route) => route.brokerFilter.startsWith("$share/")).map((route) => route.brokerFilter);
      if (shared.length === 0 || !subscriber.connected || paused) return;
      await subscriber.unsubscribeAsync(shared);
    },
    pause() {
      paused = true;
      deliveries.pause();
    },
    drained: () => deliveries.drained(),
    lastHandledAt: () => deliveries.lastHandledAt(),
    async close() {
      paused = true;
      deliveries.pause();
      early.forget();
      closing = true;
      if (publisher.connected) {
        await publish(options.presenceTopic, "offline", true).catch(() => undefined);
      }
      await Promise.all([publisher.endAsync(), subscriber.endAsync(true)]);
    },
  };
}

