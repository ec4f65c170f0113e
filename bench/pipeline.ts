/**
 * The pipeline's users/s from `POST /v1/users` to the synthesis announced, over the real broker and
 * database, with one node process and with three sharing the work through `$share` subscriptions, each
 * against the raw rate of the same upserts (the same user, profile and synthesis documents) sent straight
 * to the database, measured in the same run. Then resident memory of an in-process node through many
 * users, to show that in-process state stays bounded. Needs MONGODB_URI and MQTT_URL.
 *   BENCH_USERS (default 300)            users through the full pipeline (every calculation module)
 *   BENCH_MEMORY_USERS (default 10000)   users through a numerology-only pipeline for the memory figures
 *   BENCH_CONCURRENCY (default 16)       requests / upserts in flight
 */
import mqtt from "mqtt";
import { benchServices, liftRateLimit } from "./services.ts";
import { MongoClient, type Document } from "mongodb";
import { parseEnv } from "../config/env.ts";
import { type Topics, topicsFor } from "../core/events.ts";
import { createLogger } from "../core/logger.ts";
import { numerologyModule } from "../modules/calculation/numerology/module.ts";
import { registry } from "../modules/index.ts";
import { createRegistry, type Registry } from "../modules/registry.ts";
import { type RunningSystem, startSystem } from "../server/system.ts";
import { startNodeProcess } from "../test/support/processes.ts";

const USERS = Number(process.env.BENCH_USERS ?? 300);
/** The bench's own admin key: every request is authenticated, as in production. */
const ADMIN_KEY = `bench-admin-${crypto.randomUUID()}`;
const authorized = { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" };
const MEMORY_USERS = Number(process.env.BENCH_MEMORY_USERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const { mongoUri, mqttUrl } = benchServices("pipeline");
const calculationModules = registry.calculationModules().map((module) => module.name);
const client = await MongoClient.connect(mongoUri);

/** The benchmark is one client sending as fast as it can: the per-client rate limit is lifted for it. */

const birth = (index: number) => ({
  name: `Bench User ${index}`,
  date: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
  time: `${String(index % 24).padStart(2, "0")}:30`,
  timezone: "Europe/Berlin",
  latitude: 48.4,
  longitude: 9.99,
});

/** Runs `count` tasks with `CONCURRENCY` in flight. */
async function inParallel(count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Counts announced syntheses on a topic root, as a client watching the system would. */
async function watchSyntheses(root: string) {
  const client = await mqtt.connectAsync(mqttUrl, { clientId: `bench-watch-${crypto.randomUUID().slice(0, 8)}` });
  const seen = new Set<string>();
  let waiting: { count: number; resolve: () => void } | undefined;
  client.on("message", (_topic, payload) => {
    seen.add((JSON.parse(payload.toString()) as { subject: string }).subject);
    if (waiting !== undefined && seen.size >= waiting.count) waiting.resolve();
  });
  await client.subscribeAsync(topicsFor(root).anyUserEvent("synthesis.profile.generated"), { qos: 1 });
  return {
    until: (count: number) => (seen.size >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }))),
    close: () => client.endAsync(),
  };
}

/** Users/s through `nodes` node processes sharing one database and topic root; POSTs go round-robin. */
async function processPipeline(name: string, nodes: number): Promise<{ rate: number; dbName: string; jobs: number[] }> {
  const dbName = `bench_${name}_${process.pid}`;
  const root = `gutters-bench/${name}-${process.pid}`;
  const env = { GUTTERS_DB_NAME: dbName, GUTTERS_TOPIC_ROOT: root, GUTTERS_MODULES: calculationModules.join(","), LOG_LEVEL: "error", GUTTERS_ADMIN_KEY: ADMIN_KEY };
  await liftRateLimit(client.db(dbName));
  const started: Awaited<ReturnType<typeof startNodeProcess>>[] = [];
  for (let index = 0; index < nodes; index++) started.push(await startNodeProcess({ ...env, GUTTERS_NODE_ID: `bench-${name}-${index}` }));
  // A failed run must not leave node processes behind: one with the same node id would take over the next
  // run's MQTT session again and again.
  try {
    return await measurePipeline(started, root, dbName, nodes);
  } finally {
    for (const node of started) await node.terminate();
  }
}

async function measurePipeline(started: Awaited<ReturnType<typeof startNodeProcess>>[], root: string, dbName: string, nodes: number): Promise<{ rate: number; dbName: string; jobs: number[] }> {
  const watch = await watchSyntheses(root);
  const begin = performance.now();
  await inParallel(USERS, async (index) => {
    const node = started[index % nodes];
    const response = await fetch(`${node?.base}/v1/users`, { method: "POST", body: JSON.stringify(birth(index)), headers: authorized });
    if (response.status !== 201) throw new Error(`POST /v1/users answered ${response.status}`);
  });
  await watch.until(USERS);
  const seconds = (performance.now() - begin) / 1000;
  // Each node's share of the work, from its own metrics.
  const jobs = await Promise.all(
    started.map(async (node) => {
      const text = await (await fetch(`${node.base}/metrics`, { headers: authorized })).text();
      return [...text.matchAll(/gutters_module_jobs_total\{[^}]*outcome="processed"\} (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    }),
  );
  await watch.close();
  return { rate: USERS / seconds, dbName, jobs };
}

/** The same documents one pipeline user ends with, upserted straight to the database. */
async function rawRate(client: MongoClient, sampleDb: string): Promise<{ rate: number; upsertsPerUser: number }> {
  const stored = client.db(sampleDb);
  const sampleUser = (await stored.collection("users").findOne({})) as Document;
  const sampleProfiles = await Promise.all(calculationModules.map((module) => stored.collection("profiles").findOne({ _id: `${sampleUser._id}:${module}` } as Document)));
  const sampleSynthesis = (await stored.collection("syntheses").findOne({ _id: sampleUser._id })) as Document;
  const raw = client.db(`bench_raw_${process.pid}`);
  const begin = performance.now();
  await inParallel(USERS, async (index) => {
    const id = `raw-${index}`;
    const { _id: _user, ...user } = sampleUser;
    await raw.collection("users").replaceOne({ _id: id } as Document, user, { upsert: true });
    for (const profile of sampleProfiles) {
      if (profile === null) continue;
      const { _id: _profile, ...rest } = profile;
      await raw.collection("profiles").replaceOne({ _id: `${id}:${rest.module}` } as Document, { ...rest, user_id: id }, { upsert: true });
    }
    const { _id: _synthesis, ...synthesis } = sampleSynthesis;
    await raw.collection("syntheses").replaceOne({ _id: id } as Document, { ...synthesis, user_id: id }, { upsert: true });
  });
  const seconds = (performance.now() - begin) / 1000;
  await raw.dropDatabase();
  return { rate: USERS / seconds, upsertsPerUser: 2 + sampleProfiles.filter((profile) => profile !== null).length };
}

// 1. One node, then three sharing the work, each timed against the raw upserts of the same documents.
const one = await processPipeline("one", 1);
const rawOne = await rawRate(client, one.dbName);
console.log(`1 node: ${one.rate.toFixed(1)} users/s over ${USERS} users; raw upserts ${rawOne.rate.toFixed(1)} users/s; ratio ${(one.rate / rawOne.rate).toFixed(2)} (target ≥ 0.5)`);
const three = await processPipeline("three", 3);
const rawThree = await rawRate(client, three.dbName);
console.log(
  `3 nodes: ${three.rate.toFixed(1)} users/s; raw upserts ${rawThree.rate.toFixed(1)} users/s; ratio ${(three.rate / rawThree.rate).toFixed(2)}; ${(three.rate / one.rate).toFixed(2)}× one node; jobs per node ${three.jobs.join(" / ")}`,
);
for (const dbName of [one.dbName, three.dbName]) await client.db(dbName).dropDatabase();

// 2. Memory: an idle in-process node, then a numerology-only pipeline through many users.
async function startNode(name: string, nodeRegistry: Registry): Promise<RunningSystem & { dbName: string; topics: Topics; root: string }> {
  const dbName = `bench_${name}_${process.pid}`;
  await liftRateLimit(client.db(dbName));
  const env = parseEnv({
    GUTTERS_TOPIC_ROOT: `gutters-bench/${name}-${process.pid}`,
    GUTTERS_DB_NAME: dbName,
    GUTTERS_MODULES: nodeRegistry.all.map((module) => module.name).join(","),
    LOG_LEVEL: "silent",
    GUTTERS_ADMIN_KEY: ADMIN_KEY,
  });
  const system = await startSystem({ env, registry: nodeRegistry, mongoUri, mqttUrl, logger: createLogger("silent") });
  return { ...system, dbName, topics: topicsFor(env.GUTTERS_TOPIC_ROOT), root: env.GUTTERS_TOPIC_ROOT };
}
const rssMiB = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
const memoryNode = await startNode("memory", createRegistry([numerologyModule]));
const memoryWatch = await watchSyntheses(memoryNode.root);
Bun.gc(true);
await Bun.sleep(500);
const idleRss = rssMiB();
const samples: { users: number; rss_mib: number }[] = [{ users: 0, rss_mib: idleRss }];
const step = Math.max(1, Math.floor(MEMORY_USERS / 5));
let done = 0;
const memoryStarted = performance.now();
while (done < MEMORY_USERS) {
  const batch = Math.min(step, MEMORY_USERS - done);
  const offset = done;
  await inParallel(batch, async (index) => {
    const response = await memoryNode.app.handle(new Request("http://gutters.bench/v1/users", { method: "POST", body: JSON.stringify(birth(offset + index)), headers: authorized }));
    if (response.status !== 201) throw new Error(`POST /v1/users answered ${response.status}`);
  });
  done += batch;
  await memoryWatch.until(done);
  Bun.gc(true);
  samples.push({ users: done, rss_mib: rssMiB() });
  console.log(`${done} users → ${rssMiB()} MiB (${(done / ((performance.now() - memoryStarted) / 1000)).toFixed(1)} users/s)`);
}
const memorySeconds = (performance.now() - memoryStarted) / 1000;
await memoryWatch.close();
await memoryNode.database.db.dropDatabase();
await memoryNode.stop();
await client.close();

console.log(`memory: idle ${idleRss} MiB; ${samples.map((sample) => `${sample.users} users → ${sample.rss_mib} MiB`).join(", ")}`);
console.log(
  JSON.stringify({
    bench: "pipeline",
    users: USERS,
    concurrency: CONCURRENCY,
    one_node_users_per_s: Number(one.rate.toFixed(2)),
    one_node_ratio: Number((one.rate / rawOne.rate).toFixed(3)),
    three_nodes_users_per_s: Number(three.rate.toFixed(2)),
    three_nodes_ratio: Number((three.rate / rawThree.rate).toFixed(3)),
    three_over_one: Number((three.rate / one.rate).toFixed(2)),
    three_nodes_jobs: three.jobs,
    raw_users_per_s: Number(rawOne.rate.toFixed(2)),
    upserts_per_user: rawOne.upsertsPerUser,
    memory_users: MEMORY_USERS,
    memory_users_per_s: Number((MEMORY_USERS / memorySeconds).toFixed(2)),
    rss_idle_mib: idleRss,
    rss_samples: samples,
  }),
);
process.exit(0);
