import { hostname } from "node:os";
import { connectBus, type EventBus } from "../bus/mqtt-bus.ts";
import type { Env } from "../config/env.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../config/runtime.ts";
import { topicsFor } from "../core/events.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import { type GuttersNode, startNode } from "../actors/node.ts";
import { createApp } from "../http/app.ts";
import type { Registry } from "../modules/registry.ts";
import { ConfigStore } from "../store/config-store.ts";
import { connectDatabase, type Database } from "../store/database.ts";
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
}

export interface RunningSystem {
  node: GuttersNode;
  app: ReturnType<typeof createApp>;
  database: Database;
  bus: EventBus;
  nodeId: string;
  /** The HTTP port actually bound, when listening. */
  port?: number;
  stop(): Promise<void>;
}

/**
 * Starts one GUTTERS node against a database and a broker: connections, config, the supervisor with its
 * module actors and, when asked, the HTTP API. `stop()` undoes all of it in reverse order.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { env, registry } = options;
  const nodeId = env.GUTTERS_NODE_ID ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 40)}-${process.pid}`;
  const logger = options.logger ?? createLogger(env.LOG_LEVEL, { node: nodeId });
  const topics = topicsFor(env.GUTTERS_TOPIC_ROOT);
  const hosted = registry.select(env.GUTTERS_MODULES);

  const database = await connectDatabase(options.mongoUri, env.GUTTERS_DB_NAME);
  let bus: EventBus;
  try {
    bus = await connectBus({ url: options.mqttUrl, clientId: `gutters-${nodeId}`, presenceTopic: topics.node(nodeId), logger });
  } catch (error) {
    await database.close();
    throw error;
  }
  const configs = new ConfigStore(database.db);
  const runtime = (await configs.load(RUNTIME_CONFIG_NAME, RuntimeSettingsSchema)).config;
  const node = await startNode({
    nodeId,
    topics,
    bus,
    database,
    configs,
    users: new UserStore(
      database.db,
      registry.calculationModules().map((module) => module.name),
    ),
    tracking: new TrackingStore(database.db),
    registry,
    hosted,
    runtime,
    logger,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const app = createApp({ node, logger, ...(options.now !== undefined ? { now: options.now } : {}) });
  let server: ReturnType<typeof Bun.serve> | undefined;
  if (options.listen && env.GUTTERS_API) {
    app.listen({ port: env.PORT, hostname: "0.0.0.0" });
    server = app.server ?? undefined;
  }
  let stopped = false;
  return {
    node,
    app,
    database,
    bus,
    nodeId,
    ...(server?.port !== undefined ? { port: server.port } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server?.stop();
      await node.stop();
      await bus.close();
      await database.close();
    },
  };
}
