import type { CredentialVerifier } from "./auth/verifier.ts";
import { type Env, parseEnv } from "./config/env.ts";
import { redactUrlCredentials } from "./core/redact.ts";
import { registry } from "./modules/index.ts";
import { type EmbeddedService, startEmbeddedBroker, startEmbeddedMongo } from "./server/embedded.ts";
import { startupFailureMessage } from "./server/first-start.ts";
import { startSystem } from "./server/system.ts";

/** Time beyond the node's shutdown timeout for closing its connections before the process is ended. */
const HARD_EXIT_MARGIN_MS = 5000;

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
    console.error(`${signal}: stopping (finishing in-flight work)`);
    // Stop regardless after the budget and a margin for closing connections: a stuck dependency must not
    // keep the process alive, and the node's own drain must never be cut short by this timer.
    setTimeout(() => process.exit(1), (system?.shutdownTimeoutMs ?? 10_000) + HARD_EXIT_MARGIN_MS).unref();
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
    // The embedded broker accepts keys and tokens once a verifier over the database is set here; until then
    // only the node itself (its URL carries a random per-process credential) can connect.
    let brokerVerifier: CredentialVerifier | undefined;
    const mqttUrl: string =
      env.MQTT_URL ?? (await embed(() => startEmbeddedBroker({ root: env.GUTTERS_TOPIC_ROOT, verifier: () => brokerVerifier })));
    const mongoUri: string = env.MONGODB_URI ?? (await embed(() => startEmbeddedMongo(env.GUTTERS_DATA_DIR)));
    system = await startSystem({ env, registry, mongoUri, mqttUrl, listen: true, embeddedBroker: env.MQTT_URL === undefined });
    brokerVerifier = system.authenticator;
    const modules = system.node.hosted.map((module) => module.name).join(", ") || "(none)";
    console.error(
      [
        `GUTTERS node ${system.nodeId}`,
        `  modules:  ${modules}`,
        `  MQTT:     ${redactUrlCredentials(mqttUrl)}${env.MQTT_URL ? "" : " (embedded broker)"}, topics under ${env.GUTTERS_TOPIC_ROOT}/`,
        `  work:     ${system.bus.sharesWork ? "shared with other nodes ($share subscriptions)" : "not shared (one node per module set)"}`,
        `  MongoDB:  ${env.MONGODB_URI ? "MONGODB_URI" : `embedded, data in ${env.GUTTERS_DATA_DIR}/mongodb`}`,
        system.port !== undefined ? `  HTTP API: http://127.0.0.1:${system.port} (reference at /docs, live actors at /inspect)` : "  HTTP API: off",
      ].join("\n"),
    );
  } catch (error) {
    console.error(await startupFailureMessage(error, import.meta.dir));
    await stopEmbedded();
    process.exit(1);
  }
}

await main();
