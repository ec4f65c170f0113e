import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { EmbeddedMongoUnavailable, startEmbeddedBroker, startEmbeddedMongo } from "../../../server/embedded.ts";
import { startupFailureMessage } from "../../../server/first-start.ts";

// A download server of our own stands for the MongoDB one: it sends 4 MB of something that is not a
// MongoDB archive, slowly enough for progress lines, so a first start reports progress and then fails.
const CHUNK = new Uint8Array(256 * 1024);
const CHUNKS = 16;
let server: ReturnType<typeof Bun.serve>;
let dataDir: string;
const saved = { ...process.env };

beforeAll(async () => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === CHUNKS) return controller.close();
          await Bun.sleep(60);
          sent += 1;
          controller.enqueue(CHUNK);
        },
      });
      return new Response(body, { headers: { "content-length": String(CHUNK.byteLength * CHUNKS) } });
    },
  });
  dataDir = await mkdtemp(join(tmpdir(), "gutters-first-start-"));
  process.env.MONGOMS_DOWNLOAD_URL = `http://127.0.0.1:${server.port}/mongodb-linux-x86_64-debian12-7.0.14.tgz`;
  process.env.MONGOMS_USE_HTTP = "true";
  process.env.MONGOMS_DOWNLOAD_IGNORE_MISSING_HEADER = "true";
});

afterAll(async () => {
  for (const key of ["MONGOMS_DOWNLOAD_URL", "MONGOMS_USE_HTTP", "MONGOMS_DOWNLOAD_IGNORE_MISSING_HEADER"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await server.stop(true);
  await rm(dataDir, { recursive: true, force: true });
});

test("a first start says it is downloading, reports progress, then one message with the commands that work here", async () => {
  const lines: string[] = [];
  let failure: unknown;
  await startEmbeddedMongo(dataDir, (line) => lines.push(line), 100).then(
    (service) => service.stop(),
    (error: unknown) => {
      failure = error;
    },
  );
  expect(lines[0]).toStartWith("embedded MongoDB: first start, downloading a MongoDB server into");
  expect(lines.filter((line) => /^embedded MongoDB: downloaded \d+\.\d MB$/.test(line)).length).toBeGreaterThanOrEqual(2);
  expect(failure).toBeInstanceOf(EmbeddedMongoUnavailable);

  const message = await startupFailureMessage(failure, `${import.meta.dir}/../../..`);
  const port = (name: string, fallback: string) => process.env[name] ?? fallback;
  expect(message).toStartWith("start-up failed: cannot start the embedded MongoDB (");
  expect(message).toContain("\n  bash scripts/services.sh start\n");
  expect(message).toContain(
    `MQTT_URL=mqtt://***@127.0.0.1:${port("GUTTERS_TEST_MQTT_PORT", "18830")} MONGODB_URI=mongodb://127.0.0.1:${port("GUTTERS_TEST_MONGO_PORT", "27027")}/gutters`,
  );
  expect(message).toContain("\n  bun start\n");
});

test("other start-up failures are said in one line", async () => {
  expect(await startupFailureMessage(new Error("embedded MQTT broker cannot listen on 127.0.0.1:1883: in use"), "/nowhere")).toBe(
    "start-up failed: embedded MQTT broker cannot listen on 127.0.0.1:1883: in use",
  );
});

test("the embedded broker serves MQTT on its port until stopped, and says when the port is taken", async () => {
  const broker = await startEmbeddedBroker({ port: 0, root: "t" });
  expect(broker.url).toMatch(/^mqtt:\/\/gutters-node:[A-Za-z0-9_-]{43}@127\.0\.0\.1:\d+$/);
  const blocker = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  await expect(startEmbeddedBroker({ port: blocker.port, root: "t" })).rejects.toThrow(`embedded MQTT broker cannot listen on 127.0.0.1:${blocker.port}`);
  blocker.stop(true);
  const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
  const received = new Promise<string>((resolve) => client.on("message", (_topic, payload) => resolve(payload.toString())));
  await client.subscribeAsync("t/#");
  await client.publishAsync("t/x", "hello");
  expect(await received).toBe("hello");
  await client.endAsync();
  await broker.stop();
});
