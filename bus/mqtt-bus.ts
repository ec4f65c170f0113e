import mqtt, { type MqttClient } from "mqtt";
import type { CloudEvent } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";
import { topicMatches } from "./topic-match.ts";

export type MessageHandler = (topic: string, payload: Uint8Array) => void;

/** The node's one connection to the broker: publish, subscribe with routing, presence with last will. */
export interface EventBus {
  publishEvent(topic: string, event: CloudEvent, options?: { retain?: boolean }): Promise<void>;
  publishJson(topic: string, value: unknown, options?: { retain?: boolean }): Promise<void>;
  /** Subscribes a handler; the returned function unsubscribes it (and the broker subscription when last). */
  subscribe(filter: string, handler: MessageHandler): Promise<() => Promise<void>>;
  isConnected(): boolean;
  /** Number of live subscriptions held by handlers; a stopped node has none. */
  subscriptionCount(): number;
  close(): Promise<void>;
}

export interface BusOptions {
  url: string;
  clientId: string;
  presenceTopic: string;
  logger: Logger;
}

/**
 * Connects to the broker. The last will marks the node offline if the connection drops; a clean close
 * publishes `offline` itself. Resolves once connected and `online` is published.
 */
export async function connectBus(options: BusOptions): Promise<EventBus> {
  const client: MqttClient = mqtt.connect(options.url, {
    // A random suffix keeps two processes started with the same node id from taking over each other's session.
    clientId: `${options.clientId}-${crypto.randomUUID().slice(0, 8)}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    will: { topic: options.presenceTopic, payload: Buffer.from("offline"), qos: 1, retain: true },
  });
  const handlers = new Map<string, Set<MessageHandler>>();

  client.on("message", (topic, payload) => {
    for (const [filter, set] of handlers) {
      if (!topicMatches(filter, topic)) continue;
      for (const handler of set) {
        try {
          handler(topic, payload);
        } catch (error) {
          options.logger.error("message handler threw", { topic, message: (error as Error).message });
        }
      }
    }
  });
  client.on("error", (error) => options.logger.warn("mqtt error", { message: error.message }));
  client.on("reconnect", () => options.logger.warn("mqtt reconnecting"));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      clearTimeout(timer);
      client.end(true);
      reject(new Error(`cannot connect to MQTT broker at ${options.url}: ${error.message}`));
    };
    // Cleared on connect: a late timer would otherwise end a healthy connection.
    const timer = setTimeout(() => onError(new Error("timed out")), 10_000);
    client.once("connect", () => {
      clearTimeout(timer);
      client.off("error", onError);
      resolve();
    });
    client.once("error", onError);
  });

  const publish = (topic: string, payload: string, retain: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      client.publish(topic, payload, { qos: 1, retain }, (error) => (error ? reject(error) : resolve()));
    });

  await publish(options.presenceTopic, "online", true);

  return {
    publishEvent: (topic, event, publishOptions) => publish(topic, JSON.stringify(event), publishOptions?.retain ?? false),
    publishJson: (topic, value, publishOptions) => publish(topic, JSON.stringify(value), publishOptions?.retain ?? false),
    async subscribe(filter, handler) {
      let set = handlers.get(filter);
      if (set === undefined) {
        set = new Set();
        handlers.set(filter, set);
        await client.subscribeAsync(filter, { qos: 1 });
      }
      set.add(handler);
      return async () => {
        const current = handlers.get(filter);
        if (current === undefined || !current.delete(handler)) return;
        if (current.size === 0) {
          handlers.delete(filter);
          if (client.connected) await client.unsubscribeAsync(filter);
        }
      };
    },
    isConnected: () => client.connected,
    subscriptionCount: () => [...handlers.values()].reduce((sum, set) => sum + set.size, 0),
    async close() {
      if (client.connected) await publish(options.presenceTopic, "offline", true);
      await client.endAsync();
    },
  };
}
