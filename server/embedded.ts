import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { Aedes } from "aedes";

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

/** An in-process MQTT 3.1.1 broker on 127.0.0.1 for `bun start` without `MQTT_URL`. */
export async function startEmbeddedBroker(port = 1883, host = "127.0.0.1"): Promise<EmbeddedService> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new Error(`embedded MQTT broker cannot listen on ${host}:${port}: ${error.message}`)));
    server.listen(port, host, () => resolve());
  });
  return {
    url: `mqtt://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}

/**
 * An embedded MongoDB for `bun start` without `MONGODB_URI`, its data kept under `<dataDir>/mongodb`. The
 * server binary is downloaded once on first use; where that cannot happen, start-up stops and says to set
 * `MONGODB_URI`.
 */
export async function startEmbeddedMongo(dataDir: string): Promise<EmbeddedService> {
  const dbPath = join(dataDir, "mongodb");
  await mkdir(dbPath, { recursive: true });
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  let server: InstanceType<typeof MongoMemoryServer>;
  // The library reports its own failures with a stack trace on the console; start-up says it in one line.
  const { warn, error: logError } = console;
  console.warn = () => undefined;
  console.error = () => undefined;
  try {
    server = await MongoMemoryServer.create({
      instance: { dbPath, storageEngine: "wiredTiger", ip: "127.0.0.1" },
      binary: { downloadDir: join(dataDir, "mongodb-binaries") },
    });
  } catch (error) {
    const reason = (error as Error).message
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.endsWith("Details:"))
      .slice(0, 2)
      .join(": ");
    throw new Error(
      `cannot start the embedded MongoDB (${reason}). ` +
        "Set MONGODB_URI to a MongoDB 6+ (or MongoDB-compatible) server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/gutters",
    );
  } finally {
    console.warn = warn;
    console.error = logError;
  }
  return {
    url: server.getUri("gutters"),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
