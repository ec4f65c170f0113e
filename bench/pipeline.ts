/**
 * The pipeline's users/s from `POST /v1/users` to the synthesis stored, over the real broker and database,
 * against the raw rate of the same upserts (the same user, profile and synthesis documents) sent straight
 * to the database, measured in the same run. Then resident memory of an idle node and after many users,
 * to show that in-process state stays bounded. Needs MONGODB_URI and MQTT_URL.
 *   BENCH_USERS (default 200)            users through the full pipeline (every calculation module)
 *   BENCH_MEMORY_USERS (default 10000)   users through a numerology-only pipeline for the memory figures
 *   BENCH_CONCURRENCY (default 16)       requests / upserts in flight
 */
import { MongoClient, type Document } from "mongodb";
import { parseEnv } from "../config/env.ts";
import { type Topics, topicsFor } from "../core/events.ts";
import { createLogger } from "../core/logger.ts";
import { numerologyModule } from "../modules/calculation/numerology/module.ts";
import { registry } from "../modules/index.ts";
import { createRegistry, type Registry } from "../modules/registry.ts";
import { type RunningSystem, startSystem } from "../server/system.ts";

const USERS = Number(process.env.BENCH_USERS ?? 200);
const MEMORY_USERS = Number(process.env.BENCH_MEMORY_USERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const mongoUri = process.env.MONGODB_URI;
const mqttUrl = process.env.MQTT_URL;
if (!mongoUri || !mqttUrl) throw new Error("bench/pipeline.ts needs MONGODB_URI and MQTT_URL (bash scripts/services.sh start)");

const birth = (index: number) => ({
  name: `Bench User ${index}`,
  date: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
  time: `${String(index % 24).padStart(2, "0")}:30`,
  timezone: "Europe/Berlin",
  latitude: 48.4,
  longitude: 9.99,
});

async function startNode(name: string, nodeRegistry: Registry): Promise<RunningSystem & { dbName: string; topics: Topics }> {
  const dbName = `bench_${name}_${process.pid}`;
  const env = parseEnv({
    GUTTERS_TOPIC_ROOT: `gutters-bench/${name}-${process.pid}`,
    GUTTERS_DB_NAME: dbName,
    GUTTERS_MODULES: nodeRegistry.all.map((module) => module.name).join(","),
    LOG_LEVEL: "silent",
  });
  const system = await startSystem({ env, registry: nodeRegistry, mongoUri: mongoUri as string, mqttUrl: mqttUrl as string, logger: createLogger("silent") });
  return { ...system, dbName, topics: topicsFor(env.GUTTERS_TOPIC_ROOT) };
}

/** Runs `count` tasks with `CONCURRENCY` in flight. */
async function inParallel(count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * POSTs `count` users and resolves when every synthesis is stored (counted from the node's own
 * `synthesis.profile.generated` events, so waiting puts no load on the database); returns the seconds.
 */
async function pushUsers(system: RunningSystem & { topics: Topics }, count: number, offset = 0): Promise<number> {
  let generated = 0;
  let wake: (() => void) | undefined;
  const unsubscribe = await system.bus.subscribe(system.topics.event("synthesis.profile.generated"), () => {
    generated += 1;
    if (generated >= count) wake?.();
  });
  const allStored = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const started = performance.now();
  await inParallel(count, async (index) => {
    const response = await system.app.handle(
      new Request("http://gutters.bench/v1/users", { method: "POST", body: JSON.stringify(birth(offset + index)) }),
    );
    if (response.status !== 201) throw new Error(`POST /v1/users answered ${response.status}`);
  });
  if (generated < count) await allStored;
  const seconds = (performance.now() - started) / 1000;
  await unsubscribe();
  return seconds;
}

const rssMiB = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;

// 1. Full pipeline.
const calculationRegistry = createRegistry(registry.calculationModules());
const pipeline = await startNode("pipeline", calculationRegistry);
const pipelineSeconds = await pushUsers(pipeline, USERS);
const pipelineRate = USERS / pipelineSeconds;
console.log(`pipeline (${calculationRegistry.all.length} calculation modules): ${pipelineRate.toFixed(1)} users/s over ${USERS} users`);

// 2. The same documents upserted straight to the database.
const client = await MongoClient.connect(mongoUri);
const stored = pipeline.database.db;
const sampleUser = (await stored.collection("users").findOne({})) as Document;
const sampleProfiles = await stored.collection("profiles").find({ user_id: sampleUser._id }).toArray();
const sampleSynthesis = (await stored.collection("syntheses").findOne({ user_id: sampleUser._id })) as Document;
const upsertsPerUser = 1 + sampleProfiles.length + 1;
const raw = client.db(`bench_raw_${process.pid}`);
const rawStarted = performance.now();
await inParallel(USERS, async (index) => {
  const id = `raw-${index}`;
  const { _id: _user, ...user } = sampleUser;
  await raw.collection("users").replaceOne({ _id: id } as Document, user, { upsert: true });
  for (const profile of sampleProfiles) {
    const { _id: _profile, ...rest } = profile;
    await raw.collection("profiles").replaceOne({ user_id: id, module: rest.module }, { ...rest, user_id: id }, { upsert: true });
  }
  const { _id: _synthesis, ...synthesis } = sampleSynthesis;
  await raw.collection("syntheses").replaceOne({ user_id: id }, { ...synthesis, user_id: id }, { upsert: true });
});
const rawSeconds = (performance.now() - rawStarted) / 1000;
const rawRate = USERS / rawSeconds;
console.log(`raw upserts of the same ${upsertsPerUser} documents per user: ${rawRate.toFixed(1)} users/s`);
console.log(`ratio: ${(pipelineRate / rawRate).toFixed(2)} (target ≥ 0.5)`);
await raw.dropDatabase();
await pipeline.database.db.dropDatabase();
await pipeline.stop();

// 3. Memory: an idle node, then a numerology-only pipeline through many users.
const memoryNode = await startNode("memory", createRegistry([numerologyModule]));
Bun.gc(true);
await Bun.sleep(500);
const idleRss = rssMiB();
const samples: { users: number; rss_mib: number }[] = [{ users: 0, rss_mib: idleRss }];
const step = Math.max(1, Math.floor(MEMORY_USERS / 4));
let done = 0;
const memoryStarted = performance.now();
while (done < MEMORY_USERS) {
  const batch = Math.min(step, MEMORY_USERS - done);
  await pushUsers(memoryNode, batch, done);
  done += batch;
  Bun.gc(true);
  samples.push({ users: done, rss_mib: rssMiB() });
  console.log(`${done} users → ${rssMiB()} MiB`);
}
const memorySeconds = (performance.now() - memoryStarted) / 1000;
await memoryNode.database.db.dropDatabase();
await memoryNode.stop();
await client.close();

console.log(`memory: idle ${idleRss} MiB; ${samples.map((sample) => `${sample.users} users → ${sample.rss_mib} MiB`).join(", ")}`);
console.log(
  JSON.stringify({
    bench: "pipeline",
    users: USERS,
    concurrency: CONCURRENCY,
    pipeline_users_per_s: Number(pipelineRate.toFixed(2)),
    raw_users_per_s: Number(rawRate.toFixed(2)),
    upserts_per_user: upsertsPerUser,
    ratio: Number((pipelineRate / rawRate).toFixed(3)),
    memory_users: MEMORY_USERS,
    memory_users_per_s: Number((MEMORY_USERS / memorySeconds).toFixed(2)),
    rss_idle_mib: idleRss,
    rss_samples: samples,
  }),
);
process.exit(0);
