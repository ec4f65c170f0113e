import { type Env, parseEnv } from "./config/env.ts";
import { redactUrlCredentials } from "./core/redact.ts";
import { registry } from "./modules/index.ts";
import { type EmbeddedService, startEmbeddedBroker, startEmbeddedMongo } from "./server/embedded.ts";
import { startSystem } from "./server/system.ts";

/** `bun start`: one node with every module (or GUTTERS_MODULES), embedded broker/database when unset. */
async function main(): Promise<void> {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const embedded: EmbeddedService[] = [];
  const stopEmbedded = async () => {
    for (const service of embedded.reverse()) await service.stop().catch(() => undefined);
  };
  // Signals are caught from the first moment, so one that arrives during start-up still shuts down cleanly.
  let system: Awaited<ReturnType<typeof startSystem>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (finishing in-flight work)`);
    // Stop regardless after the budget: a stuck dependency must not keep the process alive.
    setTimeout(() => process.exit(1), 10_000).unref();
    await system?.stop();
    await stopEmbedded();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  try {
    const embed = async (start: () => Promise<EmbeddedService>): Promise<string> => {
      const service = await start();
      embedded.push(service);
      return service.url;
    };
    const mqttUrl: string = env.MQTT_URL ?? (await embed(() => startEmbeddedBroker()));
    const mongoUri: string = env.MONGODB_URI ?? (await embed(() => startEmbeddedMongo(env.GUTTERS_DATA_DIR)));
    system = await startSystem({ env, registry, mongoUri, mqttUrl, listen: true });
    const modules = system.node.hosted.map((module) => module.name).join(", ") || "(none)";
    console.log(
      [
        `GUTTERS node ${system.nodeId}`,
        `  modules:  ${modules}`,
        `  MQTT:     ${redactUrlCredentials(mqttUrl)}${env.MQTT_URL ? "" : " (embedded broker)"}, topics under ${env.GUTTERS_TOPIC_ROOT}/`,
        `  MongoDB:  ${env.MONGODB_URI ? "MONGODB_URI" : `embedded, data in ${env.GUTTERS_DATA_DIR}/mongodb`}`,
        system.port !== undefined ? `  HTTP API: http://127.0.0.1:${system.port} (OpenAPI at /openapi.json)` : "  HTTP API: off",
      ].join("\n"),
    );
  } catch (error) {
    console.error(`start-up failed: ${redactUrlCredentials((error as Error).message)}`);
    await stopEmbedded();
    process.exit(1);
  }
}

await main();
