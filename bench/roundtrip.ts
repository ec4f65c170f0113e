/**
 * An event's round trip through the broker: a client publishes a `calc` request and waits for the node's
 * reply (publish → handled → reply), against a raw MQTT.js ping-pong on the same broker (one client
 * publishes, an echo client answers on another topic), measured in the same run. Goal: ratio ≤ 2.
 * Needs MONGODB_URI and MQTT_URL.   BENCH_ROUNDTRIPS (default 2000: fewer gave medians that moved by ±40 % between runs) round trips each, one at a time.
 */
import mqtt, { type MqttClient } from "mqtt";
import { benchServices } from "./services.ts";
import { makeEvent } from "../core/events.ts";
import { createLogger } from "../core/logger.ts";
import { parseEnv } from "../config/env.ts";
import { registry } from "../modules/index.ts";
import { startSystem } from "../server/system.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDTRIPS ?? 2000);
const { mongoUri, mqttUrl } = benchServices("roundtrip");
const root = `gutters-bench/roundtrip-${process.pid}`;

const connect = (name: string): Promise<MqttClient> => mqtt.connectAsync(mqttUrl, { clientId: `bench-${name}-${process.pid}`, protocolVersion: 5 });

/** Median and mean of `rounds` sequential round trips, each resolved by `once`. */
async function measure(rounds: number, once: (index: number) => Promise<void>): Promise<{ median: number; mean: number }> {
  const times: number[] = [];
  for (let index = 0; index < rounds; index++) {
    const started = performance.now();
    await once(index);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, mean: times.reduce((sum, time) => sum + time, 0) / times.length };
}

/** Resolves the next message on a client whose JSON `correlationid` (or raw payload) is `key`. */
function replies(client: MqttClient) {
  const waiting = new Map<string, () => void>();
  client.on("message", (_topic, payload) => {
    const text = payload.toString();
    let key = text;
    try {
      key = String((JSON.parse(text) as { correlationid?: unknown }).correlationid ?? text);
    } catch {
      // a raw ping
    }
    waiting.get(key)?.();
    waiting.delete(key);
  });
  return (key: string) => new Promise<void>((resolve) => waiting.set(key, resolve));
}

// 1. Raw ping-pong: the baseline.
const pinger = await connect("ping");
const echo = await connect("echo");
await echo.subscribeAsync(`${root}/ping`, { qos: 1 });
echo.on("message", (_topic, payload) => void echo.publishAsync(`${root}/pong`, payload, { qos: 1 }));
await pinger.subscribeAsync(`${root}/pong`, { qos: 1 });
const pong = replies(pinger);
const warm = async (once: (index: number) => Promise<void>) => measure(20, once);
const pingOnce = async (index: number) => {
  const key = `p${index}`;
  const answered = pong(key);
  await pinger.publishAsync(`${root}/ping`, key, { qos: 1 });
  await answered;
};
await warm(pingOnce);
const raw = await measure(ROUNDS, pingOnce);

// 2. A calc request through a node.
const env = parseEnv({ GUTTERS_TOPIC_ROOT: root, GUTTERS_DB_NAME: `bench_roundtrip_${process.pid}`, GUTTERS_MODULES: "numerology", LOG_LEVEL: "silent" });
const system = await startSystem({ env, registry, mongoUri, mqttUrl, logger: createLogger("silent") });
const client = await connect("requester");
const replyTopic = `${root}/replies/bench/calc`;
await client.subscribeAsync(replyTopic, { qos: 1 });
const reply = replies(client);
const birth = { name: "Albert Einstein", date: "1879-03-14", latitude: 48.4, longitude: 9.99 };
const calcOnce = async (index: number) => {
  const correlationid = `c${index}`;
  const answered = reply(correlationid);
  const request = { ...makeEvent({ id: `r${index}`, source: "/bench", type: "calc", time: new Date(), data: { module: "numerology", birth } }), replyto: replyTopic, correlationid };
  await client.publishAsync(`${root}/requests/calc`, JSON.stringify(request), { qos: 1 });
  await answered;
};
await warm(calcOnce);
const request = await measure(ROUNDS, calcOnce);

console.log(`raw MQTT.js ping-pong: median ${raw.median.toFixed(2)} ms, mean ${raw.mean.toFixed(2)} ms`);
console.log(`calc request → reply through a node: median ${request.median.toFixed(2)} ms, mean ${request.mean.toFixed(2)} ms`);
console.log(`ratio (median): ${(request.median / raw.median).toFixed(2)} (goal ≤ 2)`);
await system.database.db.dropDatabase();
await system.stop();
await Promise.all([pinger.endAsync(), echo.endAsync(), client.endAsync()]);
console.log(
  JSON.stringify({
    bench: "roundtrip",
    rounds: ROUNDS,
    raw_median_ms: Number(raw.median.toFixed(3)),
    request_median_ms: Number(request.median.toFixed(3)),
    ratio: Number((request.median / raw.median).toFixed(3)),
  }),
);
process.exit(0);
