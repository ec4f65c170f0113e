import { mkdir, readdir, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { Aedes } from "aedes";
import type { CredentialVerifier } from "../auth/verifier.ts";
import { type BrokerCredential, brokerAuthHandlers, newNodeCredential } from "./broker-auth.ts";

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedBroker extends EmbeddedService {
  /** `mqtt://<node user>:<node password>@host:port`: the URL the node itself connects with; print it redacted only. */
  url: string;
  /** The node's credential on this broker, random per process. */
  node: BrokerCredential;
}

export interface EmbeddedBrokerOptions {
  port?: number;
  host?: string;
  /** The topic root whose subtrees the access table guards (`GUTTERS_TOPIC_ROOT`). */
  root: string;
  /** The verifier of keys and tokens once it exists (it needs the database, which starts after the broker). */
  verifier?: () => CredentialVerifier | undefined;
  now?: () => Date;
}

/**
 * An in-process MQTT 3.1.1 broker on 127.0.0.1 for `bun start` without `MQTT_URL`. Nobody connects
 * anonymously: the node with its own random credential, services with `apikey` + key, people with user id +
 * token, each held to the access table of `auth/mqtt-access.ts`.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { port = 1883, host = "127.0.0.1" } = options;
  const node = newNodeCredential();
  const broker = await Aedes.createBroker(
    brokerAuthHandlers({ root: options.root, node, verifier: options.verifier ?? (() => undefined), ...(options.now ? { now: options.now } : {}) }),
  );
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => {
      broker.close();
      reject(new Error(`embedded MQTT broker cannot listen on ${host}:${port}: ${error.message}`));
    });
    server.listen(port, host, () => resolve());
  });
  // The port actually bound, so port 0 (any free one) gives a usable URL.
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  return {
    url: `mqtt://${encodeURIComponent(node.username)}:${encodeURIComponent(node.password)}@${host}:${bound}`,
    node,
    stop: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}

/** The embedded MongoDB could not be started (no download possible, no binary, or it would not run). */
export class EmbeddedMongoUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`cannot start the embedded MongoDB (${reason})`);
    this.name = "EmbeddedMongoUnavailable";
  }
}

/** How often a first start reports how much of the MongoDB server it has downloaded. */
const PROGRESS_INTERVAL_MS = 2000;

/** Bytes of the archive being downloaded into `dir` (the library writes it as `<name>.downloading`). */
async function downloadedBytes(dir: string): Promise<number | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const partial = names.find((name) => name.endsWith(".downloading"));
  return partial === undefined ? undefined : (await stat(join(dir, partial)).catch(() => undefined))?.size;
}

/**
 * An embedded MongoDB for `bun start` without `MONGODB_URI`, its data kept under `<dataDir>/mongodb`. The
 * server binary is downloaded once on first use, with a progress line every few seconds on `progress`
 * (stderr by default); where that cannot happen, this throws {@link EmbeddedMongoUnavailable}.
 */
export async function startEmbeddedMongo(
  dataDir: string,
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  progressIntervalMs = PROGRESS_INTERVAL_MS,
): Promise<EmbeddedService> {
  const dbPath = join(dataDir, "mongodb");
  const downloadDir = join(dataDir, "mongodb-binaries");
  await mkdir(dbPath, { recursive: true });
  const { DryMongoBinary, MongoMemoryServer } = await import("mongodb-memory-server-core");
  const present = await DryMongoBinary.generateOptions({ downloadDir })
    .then((options) => DryMongoBinary.locateBinary(options))
    .catch(() => undefined);
  progress(
    present !== undefined
      ? `embedded MongoDB: starting (data in ${dbPath})`
      : `embedded MongoDB: first start, downloading a MongoDB server into ${downloadDir} (once, about 70 MB)`,
  );
  let reported = -1;
  const timer = setInterval(() => {
    void downloadedBytes(downloadDir).then((bytes) => {
      if (bytes === undefined || bytes === reported) return;
      reported = bytes;
      progress(`embedded MongoDB: downloaded ${(bytes / 1_048_576).toFixed(1)} MB`);
    });
  }, progressIntervalMs);
  let server: InstanceType<typeof MongoMemoryServer>;
  // The library reports its own failures with a stack trace on the console and its download progress on
  // stdout (which is for program output); start-up says both in its own lines on stderr.
  const { warn, error: logError, log } = console;
  console.warn = () => undefined;
  console.error = () => undefined;
  console.log = () => undefined;
  try {
    server = await MongoMemoryServer.create({
      instance: { dbPath, storageEngine: "wiredTiger", ip: "127.0.0.1" },
      binary: { downloadDir },
    });
  } catch (error) {
    const reason = (error as Error).message
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.endsWith("Details:"))
      .slice(0, 2)
      .join(": ");
    throw new EmbeddedMongoUnavailable(reason);
  } finally {
    clearInterval(timer);
    console.warn = warn;
    console.error = logError;
    console.log = log;
  }
  progress("embedded MongoDB: ready");
  return {
    url: server.getUri("gutters"),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
