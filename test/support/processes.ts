import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { uniqueName } from "./services.ts";

/**
 * Processes a fault test starts for itself on loopback (a broker, a database front end, GUTTERS nodes), so
 * it can kill and restart them without touching the services other tests share. Everything here is
 * bounded in time and stopped by `stop()`.
 */

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portOpen(port: number): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}

export async function waitForPort(port: number, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`${what} did not open port ${port}`);
    await Bun.sleep(50);
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`fault tests need ${name}: run \`bash scripts/services.sh start\` and export what it prints`);
  return value;
}

/** A restartable process on a fixed port: kill -9 it, start it again with the same state. */
export class ManagedProcess {
  private child: Subprocess | undefined;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: () => string[],
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  async start(): Promise<void> {
    this.child = Bun.spawn(this.command(), { env: this.env, stdout: "ignore", stderr: "ignore" });
    try {
      await waitForPort(this.port, this.name);
    } catch (error) {
      // A process that did not come up in time is not left running behind the failed test.
      await this.kill9();
      throw error;
    }
  }

  /** kill -9, and wait until the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined) return;
    child.kill(9);
    await child.exited;
  }

  /** SIGTERM, and the exit code once the process has ended. */
  async terminate(): Promise<number> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined) return 0;
    child.kill("SIGTERM");
    return child.exited;
  }

  async stop(): Promise<void> {
    await this.kill9();
  }

  get running(): boolean {
    return this.child !== undefined;
  }
}

/** A Mosquitto of the test's own, MQTT 5 with shared subscriptions; persistence as asked. */
export async function startMosquitto(options: { persistence: boolean }): Promise<ManagedProcess & { url: string; cleanup(): Promise<void> }> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "gutters-mosquitto-"));
  const config = join(dir, "mosquitto.conf");
  await writeFile(
    config,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      `persistence ${options.persistence}`,
      `persistence_location ${dir}/`,
      "autosave_interval 1",
      "max_queued_messages 100000",
      // As root the broker drops to its own user, which must be able to write the persistence file.
      ...(process.getuid?.() === 0 ? ["user root"] : []),
    ].join("\n"),
  );
  const broker = new ManagedProcess("mosquitto", port, () => [requiredEnv("GUTTERS_MOSQUITTO_BIN"), "-c", config]);
  await broker.start();
  return Object.assign(broker, {
    url: `mqtt://127.0.0.1:${port}`,
    async cleanup() {
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

/** A FerretDB of the test's own on a PostgreSQL database of its own (the shared PostgreSQL server). */
export async function startFerretDB(): Promise<ManagedProcess & { uri: (db: string) => string; cleanup(): Promise<void> }> {
  const pgUrl = requiredEnv("GUTTERS_TEST_PG_URL");
  const pgDatabase = uniqueName("ferret");
  const psql = (sql: string) => Bun.spawnSync(["psql", `${pgUrl}/postgres`, "-qtAc", sql], { stdout: "ignore", stderr: "pipe" });
  const created = psql(`create database ${pgDatabase}`);
  if (created.exitCode !== 0) throw new Error(`cannot create a PostgreSQL database: ${created.stderr.toString()}`);
  const port = await freePort();
  const stateDir = await mkdtemp(join(tmpdir(), "gutters-ferretdb-"));
  const ferret = new ManagedProcess(
    "ferretdb",
    port,
    () => [
      requiredEnv("GUTTERS_FERRETDB_BIN"),
      "--handler=postgresql",
      `--postgresql-url=${pgUrl}/${pgDatabase}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      "--debug-addr=-",
      "--telemetry=disable",
      "--log-level=error",
    ],
    { ...process.env, FERRETDB_TELEMETRY: "disable" },
  );
  await ferret.start();
  return Object.assign(ferret, {
    uri: (db: string) => `mongodb://127.0.0.1:${port}/${db}`,
    async cleanup() {
      await ferret.stop();
      psql(`drop database if exists ${pgDatabase} with (force)`);
      await rm(stateDir, { recursive: true, force: true });
    },
  });
}

/** A GUTTERS node as `bun start` runs it, on a port of its own. */
export async function startNodeProcess(env: Record<string, string>): Promise<ManagedProcess & { base: string }> {
  const port = await freePort();
  const node = new ManagedProcess("gutters node", port, () => ["bun", "run", "main.ts"], {
    ...process.env,
    LOG_LEVEL: "error",
    // The fault tests' own brokers keep no accounts; a test that wants them says so.
    GUTTERS_BROKER_ACCOUNTS: "none",
    ...env,
    PORT: String(port),
  });
  await node.start();
  return Object.assign(node, { base: `http://127.0.0.1:${port}` });
}

