import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import type { IPublishPacket } from "mqtt-packet";
import type { CloudEvent } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import { redactUrlCredentials } from "../core/redact.ts";
import { topicMatches } from "./topic-match.ts";

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
}

const SUBSCRIBER_SUFFIX = "";
const PUBLISHER_SUFFIX = "-pub";

interface Route {
  filter: string;
  brokerFilter: string;
  handlers: Set<MessageHandler>;
  id?: number;
}

/**
 * Connects to the broker with two clients of one persistent identity: a subscriber whose messages are
 * acknowledged after their handlers finish, and a publisher. MQTT.js reads one incoming packet at a time
 * and acknowledges it when its handler calls back; a handler that awaited its own publish's PUBACK on the
 * same connection would wait for a packet queued behind itself. Publishing on a second connection lets a
 * handler announce what it stored before its message is acknowledged.
 * Presence (`online`, retained) is published on every (re)connect; the last will marks the node offline.
 */
export async function connectBus(options: BusOptions): Promise<EventBus> {
  const base: IClientOptions = {
    protocolVersion: options.protocolVersion,
    clean: false,
    reconnectPeriod: 1000,
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
  });
  const routes = new Map<string, Route>();
  const routesById = new Map<number, Route>();
  const useIds = options.protocolVersion === 5;
  const sharesWork = options.shareWork && useIds;
  let nextId = 1;
  let paused = false;
  let running = 0;
  let lastHandled = 0;
  const drainWaiters: (() => void)[] = [];
  let closing = false;

  const publish = (topic: string, payload: string, retain: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      publisher.publish(topic, payload, { qos: 1, retain }, (error) => (error ? reject(error) : resolve()));
    });

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
    client.on("error", (error) => options.logger.warn("mqtt error", { client: name, message: error.message }));
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

  subscriber.handleMessage = (packet, callback) => {
    // Held, never acknowledged: the broker delivers it again after the restart.
    if (paused || packet.cmd !== "publish") return;
    const publishPacket = packet as IPublishPacket;
    const payload = typeof publishPacket.payload === "string" ? Buffer.from(publishPacket.payload) : publishPacket.payload;
    running += 1;
    const work: Promise<unknown>[] = [];
    for (const route of routesFor(publishPacket)) {
      for (const handler of route.handlers) {
        try {
          work.push(Promise.resolve(handler(publishPacket.topic, payload)));
        } catch (error) {
          work.push(Promise.reject(error));
        }
      }
    }
    void Promise.allSettled(work).then((results) => {
      for (const result of results) {
        if (result.status === "rejected") options.logger.error("message handler failed", { topic: publishPacket.topic, ...describeError(result.reason) });
      }
      // Effects are stored (or the failure logged and left to the reconciler): acknowledge, even while stopping.
      callback();
      lastHandled = Date.now();
      running -= 1;
      if (running === 0) for (const resolve of drainWaiters.splice(0)) resolve();
    });
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
    },
    drained: () => (running === 0 ? Promise.resolve() : new Promise((resolve) => drainWaiters.push(resolve))),
    lastHandledAt: () => lastHandled,
    async close() {
      paused = true;
      closing = true;
      if (publisher.connected) {
        await publish(options.presenceTopic, "offline", true).catch(() => undefined);
      }
      await Promise.all([publisher.endAsync(), subscriber.endAsync(true)]);
    },
  };
}
