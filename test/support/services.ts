import mqtt, { type MqttClient } from "mqtt";
import { MongoClient } from "mongodb";
import { parseEnv } from "../../config/env.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema, type RuntimeSettings } from "../../config/runtime.ts";
import { createLogger } from "../../core/logger.ts";
import { topicsFor, type Topics } from "../../core/events.ts";
import { registry as defaultRegistry } from "../../modules/index.ts";
import type { Registry } from "../../modules/registry.ts";
import { ConfigStore } from "../../store/config-store.ts";
import { connectDatabase, type Database } from "../../store/database.ts";
import { type RunningSystem, startSystem } from "../../server/system.ts";
import { TEST_ADMIN_KEY } from "./credentials.ts";
import type { BrokerAccounts } from "../../auth/verifier.ts";

/**
 * The real services integration tests run against. Missing URLs fail the test (never skip): start them
 * with `bash scripts/services.sh start` and export what it prints.
 */
export function serviceUrls(): { mongoUri: string; mqttUrl: string } {
  const mongoUri = process.env.MONGODB_URI;
  const mqttUrl = process.env.MQTT_URL;
  if (!mongoUri || !mqttUrl) {
    throw new Error(
      "integration tests need MONGODB_URI and MQTT_URL: run `bash scripts/services.sh start` and export what it prints",
    );
  }
  return { mongoUri, mqttUrl };
}

/** A database of its own on the shared server, for a test of the stores; `drop` removes it and closes the connection. */
export async function scratchDatabase(prefix: string): Promise<{ database: Database; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  const database = await connectDatabase(serviceUrls().mongoUri, { databaseName: name });
  return {
    database,
    async drop() {
      const client = await MongoClient.connect(serviceUrls().mongoUri);
      await client.db(name).dropDatabase();
      await client.close();
      await database.close();
    },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

export interface TestSystem extends RunningSystem {
  topics: Topics;
  root: string;
  dbName: string;
  mongoUri: string;
  mqttUrl: string;
  /** Stops the node and drops its database. */
  dispose(): Promise<void>;
}

/**
 * Starts a node on its own database and topic root, so test files never see each other's data or events.
 * Runtime limits can be stored before start, exactly as an operator would.
 */
export async function startTestSystem(
  options: {
    registry?: Registry;
    /** Comma list; by default the calculation modules, so trackers do not tick in tests that are not about them. */
    modules?: string;
    runtime?: Partial<RuntimeSettings>;
    dbName?: string;
    root?: string;
    nodeId?: string;
    now?: () => Date;
    /** Services of the test's own (fault tests), instead of the shared ones. */
    services?: { mongoUri: string; mqttUrl: string };
    /** More environment, as an operator would set it. */
    env?: Record<string, string>;
    /** People's accounts on the broker (a real one, or a recorder of the tests' own). */
    brokerAccounts?: BrokerAccounts;
  } = {},
): Promise<TestSystem> {
  const { mongoUri, mqttUrl } = options.services ?? serviceUrls();
  const dbName = options.dbName ?? uniqueName("test");
  const root = options.root ?? `gutters-test/${uniqueName("root")}`;
  if (options.runtime !== undefined) {
    const client = await MongoClient.connect(mongoUri);
    await new ConfigStore(client.db(dbName)).put(RUNTIME_CONFIG_NAME, RuntimeSettingsSchema, options.runtime, new Date());
    await client.close();
  }
  const env = parseEnv({
    GUTTERS_TOPIC_ROOT: root,
    GUTTERS_DB_NAME: dbName,
    GUTTERS_NODE_ID: options.nodeId ?? uniqueName("node"),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    GUTTERS_ADMIN_KEY: TEST_ADMIN_KEY,
    ...options.env,
    GUTTERS_MODULES:
      options.modules ??
      (options.registry ?? defaultRegistry)
        .calculationModules()
        .map((module) => module.name)
        .join(","),
  });
  const system = await startSystem({
    env,
    registry: options.registry ?? defaultRegistry,
    mongoUri,
    mqttUrl,
    logger: createLogger(env.LOG_LEVEL),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.brokerAccounts !== undefined ? { brokerAccounts: options.brokerAccounts } : {}),
  });
  return {
    ...system,
    topics: topicsFor(root),
    root,
    dbName,
    mongoUri,
    mqttUrl,
    async dispose() {
      await system.stop();
      const client = await MongoClient.connect(mongoUri);
      await client.db(dbName).dropDatabase();
      await client.close();
    },
  };
}

/** An MQTT client as an outside device or app would use, collecting what arrives on its subscriptions. */
export async function connectClient(url: string): Promise<{ client: MqttClient; messages: { topic: string; payload: string; retain: boolean }[] }> {
  const client = await mqtt.connectAsync(url, { clientId: uniqueName("client"), reconnectPeriod: 0 });
  const messages: { topic: string; payload: string; retain: boolean }[] = [];
  client.on("message", (topic, payload, packet) => messages.push({ topic, payload: payload.toString(), retain: packet.retain }));
  return { client, messages };
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export const EINSTEIN = {
  name: "Albert Einstein",
  date: "1879-03-14",
  time: "11:30",
  timezone: "Europe/Berlin",
  latitude: 48.4011,
  longitude: 9.9876,
  place: "Ulm, Germany",
};

/** A request to the node's API with the tests' admin key (`credential` another one, `null` none). */
export function request(
  system: { app: { handle(request: Request): Promise<Response> } },
  method: string,
  path: string,
  body?: unknown,
  credential: string | null = TEST_ADMIN_KEY,
): Promise<Response> {
  const headers: Record<string, string> = credential === null ? {} : { authorization: `Bearer ${credential}` };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  return system.app.handle(new Request(`http://gutters.test${path}`, init));
}
