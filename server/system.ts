import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { connectBus, type EventBus } from "../bus/mqtt-bus.ts";
import { RetainedView } from "../bus/retained-view.ts";
import type { Env } from "../config/env.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../config/runtime.ts";
import { topicsFor } from "../core/events.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import { type GuttersNode, startNode } from "../actors/node.ts";
import { createApp } from "../http/app.ts";
import type { Registry } from "../modules/registry.ts";
import { ConfigStore } from "../store/config-store.ts";
import { connectDatabase, type Database } from "../store/database.ts";
import { Leases } from "../store/leases.ts";
import { Authenticator } from "../auth/authenticator.ts";
import { ensureAdminKey } from "../auth/bootstrap.ts";
import { type BrokerAccounts, NO_BROKER_ACCOUNTS } from "../auth/verifier.ts";
import { CredentialStore } from "../store/credential-store.ts";
import { type ClosableBrokerAccounts, openBrokerAccounts } from "../bus/dynsec-accounts.ts";
import { TrackingStore } from "../store/tracking-store.ts";
import { UserStore } from "../store/user-store.ts";

export interface SystemOptions {
  env: Env;
  registry: Registry;
  mongoUri: string;
  mqttUrl: string;
  logger?: Logger;
  /** Serve HTTP on `env.PORT` (0 = any free port). */
  listen?: boolean;
  /** The clock of the node's calculations and ticks (tests set it to a published instant). */
  now?: () => Date;
  /** The broker is the embedded one (no shared subscriptions, MQTT 3.1.1 only). */
  embeddedBroker?: boolean;
  /** Accounts for people's MQTT clients on a broker that keeps them (Mosquitto's dynamic security). */
  brokerAccounts?: BrokerAccounts;
  /** Where the admin key created on a first start is shown, once (default: stderr). */
  revealAdminKey?: (key: string) => void;
}

export interface RunningSystem {
  node: GuttersNode;
  app: ReturnType<typeof createApp>;
  /** Verifies API keys and people's tokens (the embedded broker uses it too). */
  authenticator: Authenticator;
  database: Database;
  bus: EventBus;
  nodeId: string;
  /** The HTTP port actually bound, when listening. */
  port?: number;
  /** How long `stop()` may take to finish the work in hand. */
  shutdownTimeoutMs: number;
  stop(): Promise<void>;
}

/**
 * Starts one GUTTERS node against a database and a broker: connections, config, the supervisor with its
 * module actors and, when asked, the HTTP API. `stop()` undoes all of it in reverse order.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { env, registry } = options;
  const nodeId = env.GUTTERS_NODE_ID ?? defaultNodeId(env);
  const logger = options.logger ?? createLogger(env.LOG_LEVEL, { node: nodeId });
  const topics = topicsFor(env.GUTTERS_TOPIC_ROOT);
  const hosted = registry.select(env.GUTTERS_MODULES);
  const protocolVersion = env.MQTT_PROTOCOL !== undefined ? (Number(env.MQTT_PROTOCOL) as 4 | 5) : options.embeddedBroker ? 4 : 5;
  const shareWork =
    env.GUTTERS_SHARED_SUBSCRIPTIONS === "on" || (env.GUTTERS_SHARED_SUBSCRIPTIONS === "auto" && !options.embeddedBroker && protocolVersion === 5);

  const database = await connectDatabase(options.mongoUri, {
    ...(env.GUTTERS_DB_NAME !== undefined ? { databaseName: env.GUTTERS_DB_NAME } : {}),
    timeoutMs: env.GUTTERS_SERVICE_TIMEOUT_MS,
    onReplaced: (reason) => logger.warn("database client replaced", { reason }),
  });
  let bus: EventBus;
  try {
    bus = await connectBus({
      url: options.mqttUrl,
      clientId: `gutters-${nodeId}`,
      presenceTopic: topics.node(nodeId),
      logger,
      shareWork,
      protocolVersion,
      sessionExpirySeconds: env.MQTT_SESSION_EXPIRY_SECONDS,
      connectTimeoutMs: Math.max(10_000, env.GUTTERS_SERVICE_TIMEOUT_MS),
    });
    if (!bus.sharesWork) {
      logger.info("work is not shared among nodes on this broker: run one node per module set", {
        reason: options.embeddedBroker ? "the embedded broker has no shared subscriptions" : "shared subscriptions are off or need MQTT 5",
      });
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const runtime = (await new ConfigStore(database.db).load(RUNTIME_CONFIG_NAME, RuntimeSettingsSchema)).config;
  const leases = new Leases(database.db, { leaseMs: runtime.write_lease_ms, waitMs: runtime.write_lease_wait_ms });
  // People's accounts on the broker: given by the caller (tests), or as the environment says.
  let ownAccounts: ClosableBrokerAccounts | undefined;
  try {
    ownAccounts =
      options.brokerAccounts === undefined
        ? await openBrokerAccounts(env.GUTTERS_BROKER_ACCOUNTS, {
            url: options.mqttUrl,
            root: env.GUTTERS_TOPIC_ROOT,
            logger,
            timeoutMs: env.GUTTERS_SERVICE_TIMEOUT_MS,
            exclusive: (key, work) => leases.with(key, work),
            expirySweepMs: runtime.broker_account_sweep_seconds * 1000,
          })
        : undefined;
  } catch (error) {
    await bus.close();
    await database.close();
    throw error;
  }
  const brokerAccounts = options.brokerAccounts ?? ownAccounts ?? NO_BROKER_ACCOUNTS;
  const configs = new ConfigStore(database.db, leases);
  const node = await startNode({
    nodeId,
    topics,
    bus,
    database,
    configs,
    users: new UserStore(
      database.db,
      registry.calculationModules().map((module) => module.name),
      leases,
    ),
    tracking: new TrackingStore(database.db),
    registry,
    hosted,
    runtime,
    logger,
    brokerAccounts,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  // Only a node that serves HTTP shows other nodes (GET /v1/nodes, /inspect), so only it watches them.
  const retained = new RetainedView(topics);
  if (env.GUTTERS_API) retained.start({ url: options.mqttUrl, clientId: `gutters-${nodeId}-view`, protocolVersion, logger });
  const credentials = new CredentialStore(database.db);
  await ensureAdminKey(credentials, env.GUTTERS_ADMIN_KEY, options.revealAdminKey ?? revealOnStderr, new Date());
  const tokenSecret = env.GUTTERS_TOKEN_SECRET !== undefined ? new TextEncoder().encode(env.GUTTERS_TOKEN_SECRET) : await credentials.personTokenSecret();
  const authenticator = new Authenticator({
    keys: credentials,
    people: { userCreatedAt: (userId) => node.users.userCreatedAt(userId) },
    tokenSecret,
    adminKey: env.GUTTERS_ADMIN_KEY,
    cacheMs: runtime.auth_cache_ms,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const app = createApp({
    node,
    logger,
    retained,
    access: { authenticator, credentials, tokenSecret, brokerAccounts },
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  let server: ReturnType<typeof Bun.serve> | undefined;
  if (options.listen && env.GUTTERS_API) {
    app.listen({ port: env.PORT, hostname: env.GUTTERS_HTTP_HOST });
    server = app.server ?? undefined;
  }
  let stopped = false;
  return {
    node,
    app,
    authenticator,
    database,
    bus,
    nodeId,
    ...(server?.port !== undefined ? { port: server.port } : {}),
    shutdownTimeoutMs: runtime.shutdown_timeout_ms,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server?.stop();
      await node.stop();
      await retained.stop();
      await ownAccounts?.close();
      await bus.close();
      await database.close();
    },
  };
}

/** The one moment a created admin key exists outside the operator's hands. */
function revealOnStderr(key: string): void {
  process.stderr.write(
    `\nNo admin key was configured, so one was created. It is shown only this once; keep it safe:\n\n  ${key}\n\n` +
      "Use it as `Authorization: Bearer <key>`, or set GUTTERS_ADMIN_KEY to a secret of your own.\n\n",
  );
}

/**
 * A node id that stays the same across restarts (the broker keeps the node's session under it) and differs
 * between nodes started on one host from different folders, ports or module sets.
 */
export function defaultNodeId(env: Env, host = hostname(), cwd = process.cwd()): string {
  const fingerprint = createHash("sha256")
    .update([cwd, env.PORT, env.GUTTERS_MODULES?.join(",") ?? "all", env.GUTTERS_TOPIC_ROOT].join("\n"))
    .digest("hex")
    .slice(0, 8);
  return `${host.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 40)}-${fingerprint}`;
}
