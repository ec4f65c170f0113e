import type { Db } from "mongodb";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../config/runtime.ts";
import { ConfigStore } from "../store/config-store.ts";

/** The broker and database a benchmark runs against (`bash scripts/services.sh start` prints them). */
export function benchServices(bench: string): { mongoUri: string; mqttUrl: string } {
  const mongoUri = process.env.MONGODB_URI;
  const mqttUrl = process.env.MQTT_URL;
  if (!mongoUri || !mqttUrl) throw new Error(`bench/${bench}.ts needs MONGODB_URI and MQTT_URL (bash scripts/services.sh start)`);
  return { mongoUri, mqttUrl };
}

/** Benchmarks measure throughput, not the per-caller rate limit: it is lifted in the node's runtime row. */
export async function liftRateLimit(db: Db): Promise<void> {
  await new ConfigStore(db).put(RUNTIME_CONFIG_NAME, RuntimeSettingsSchema, { rate_limit_requests: 100_000_000 }, new Date());
}
