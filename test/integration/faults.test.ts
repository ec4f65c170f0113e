import { afterAll, describe, expect, test } from "bun:test";
import { adminHeaders } from "../support/credentials.ts";
import { type Db, MongoClient } from "mongodb";
import { makeEvent } from "../../core/events.ts";
import { observerModule } from "../../modules/intelligence/observer/module.ts";
import { themesModule } from "../../modules/intelligence/themes/module.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema, type RuntimeSettings } from "../../config/runtime.ts";
import { ConfigStore } from "../../store/config-store.ts";
import { connectClient, EINSTEIN, eventually, request, serviceUrls, startTestSystem, uniqueName } from "../support/services.ts";
import { startFerretDB, startMosquitto, startNodeProcess } from "../support/processes.ts";

/**
 * Small versions of the fault scenarios of `bun run chaos`: processes this test starts itself (a broker, a
 * FerretDB, GUTTERS nodes) are killed and restarted; every accepted user must still get a synthesis.
 */

/** `bun run chaos` raises this (GUTTERS_CHAOS_SCALE) to send more users through the same scenarios. */
const SCALE = Math.max(1, Number(process.env.GUTTERS_CHAOS_SCALE ?? 1));
const users = (count: number): number => Math.round(count * SCALE);

/**
 * One line of figures per scenario: users accepted (201), complete, lost (accepted, never synthesized),
 * duplicated documents (more than one user, profile per module or synthesis per accepted user), users stored
 * although their client saw an error (a 503 whose write had reached the database: they are synthesized
 * too), and how long recovery took.
 */
async function report(name: string, mongoUri: string, dbName: string, ids: readonly string[], recoveredMs: number): Promise<void> {
  const missing = await unsynthesized(mongoUri, dbName, ids);
  const client = await MongoClient.connect(mongoUri);
  try {
    const db = client.db(dbName);
    const accepted = new Set(ids);
    const count = async (collection: string, key: string) => {
      const perUser = new Map<string, number>();
      for (const document of await db.collection(collection).find({}, { projection: { [key]: 1 } }).toArray()) {
        const user = String(document[key]);
        perUser.set(user, (perUser.get(user) ?? 0) + 1);
      }
      return perUser;
    };
    const [userDocs, profileDocs, synthesisDocs] = await Promise.all([count("users", "_id"), count("profiles", "user_id"), count("syntheses", "_id")]);
    const modules = 3;
    let duplicates = 0;
    for (const id of ids) {
      duplicates += Math.max(0, (userDocs.get(id) ?? 0) - 1) + Math.max(0, (profileDocs.get(id) ?? 0) - modules) + Math.max(0, (synthesisDocs.get(id) ?? 0) - 1);
    }
    const unacknowledged = [...userDocs.keys()].filter((id) => !accepted.has(id)).length;
    console.log(
      `${name}: accepted ${ids.length}, complete ${ids.length - missing.length}, lost ${missing.length}, duplicated documents ${duplicates}, ` +
        `stored though the client saw an error ${unacknowledged}, recovered in ${recoveredMs} ms`,
    );
    expect(duplicates).toBe(0);
  } finally {
    await client.close();
  }
}

const FAST_RECOVERY: Partial<RuntimeSettings> = { reconcile_interval_ms: 500, reconcile_grace_ms: 1500, shutdown_timeout_ms: 5000 };
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}, 30_000);

/** The observer's and the themes module's schedule, as an operator would store it. */
async function storeModuleConfig(mongoUri: string, dbName: string, schedule: { debounce_ms: number; recover_after_ms: number }): Promise<void> {
  await withDb(mongoUri, dbName, async (db) => {
    const configs = new ConfigStore(db);
    for (const module of [observerModule, themesModule]) await configs.put(module.name, module.config, schedule, new Date());
  });
}

async function withDb<T>(mongoUri: string, dbName: string, use: (db: Db) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(mongoUri);
  try {
    return await use(client.db(dbName));
  } finally {
    await client.close();
  }
}

async function storeRuntime(mongoUri: string, dbName: string, runtime: Partial<RuntimeSettings>): Promise<void> {
  const client = await MongoClient.connect(mongoUri);
  await new ConfigStore(client.db(dbName)).put(RUNTIME_CONFIG_NAME, RuntimeSettingsSchema, runtime, new Date());
  await client.close();
}

/** Users of `ids` that have no synthesis of their current revision yet. */
async function unsynthesized(mongoUri: string, dbName: string, ids: readonly string[]): Promise<string[]> {
  const client = await MongoClient.connect(mongoUri);
  try {
    const db = client.db(dbName);
    const missing: string[] = [];
    for (const id of ids) {
      const user = await db.collection<{ _id: string; revision: number }>("users").findOne({ _id: id });
      const synthesis = await db.collection<{ _id: string; revision: number }>("syntheses").findOne({ _id: id });
      if (user === null || synthesis?.revision !== user.revision) missing.push(id);
    }
    return missing;
  } finally {
    await client.close();
  }
}

/** POSTs users one after another; each accepted id goes into `ids` at once (the node may be killed meanwhile). */
async function postUsers(base: string, count: number, ids: string[] = []): Promise<string[]> {
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${base}/v1/users`, {
      method: "POST",
      headers: adminHeaders({ "content-type": "application/json" }),
      body: JSON.stringify({ ...EINSTEIN, name: `Fault User ${index}` }),
    });
    if (response.status === 201) ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

describe("faults", () => {
  test("(R4c) a node killed -9 right after its 201s and restarted: every accepted user is synthesized", async () => {
    const broker = await startMosquitto({ persistence: true });
    cleanups.push(() => broker.cleanup());
    const { mongoUri } = serviceUrls();
    const dbName = uniqueName("r4c");
    await storeRuntime(mongoUri, dbName, FAST_RECOVERY);
    const env = { MQTT_URL: broker.url, GUTTERS_DB_NAME: dbName, GUTTERS_NODE_ID: uniqueName("node"), GUTTERS_TOPIC_ROOT: `gutters-test/${uniqueName("r4c")}` };
    const node = await startNodeProcess(env);
    cleanups.push(() => node.stop());
    const ids = await postUsers(node.base, users(30));
    await node.kill9();
    expect(ids).toHaveLength(users(30));
    const restarted = await startNodeProcess(env);
    cleanups.push(() => restarted.stop());
    const started = Date.now();
    await eventually("every accepted user synthesized", async () => (await unsynthesized(mongoUri, dbName, ids)).length === 0, 60_000 * SCALE);
    await report("R4c node killed after its 201s, restarted", mongoUri, dbName, ids, Date.now() - started);
    await restarted.terminate();
  }, 90_000);

  test("(R6) a node killed -9 while people's observer runs and synthesis refreshes wait: after a restart each one is run", async () => {
    const broker = await startMosquitto({ persistence: true });
    cleanups.push(() => broker.cleanup());
    const { mongoUri } = serviceUrls();
    const dbName = uniqueName("r6");
    const root = `gutters-test/${uniqueName("r6")}`;
    await storeRuntime(mongoUri, dbName, FAST_RECOVERY);
    // Debounces and recovery far longer than the test: nothing runs before the kill.
    await storeModuleConfig(mongoUri, dbName, { debounce_ms: 600_000, recover_after_ms: 900_000 });
    const env = { MQTT_URL: broker.url, GUTTERS_DB_NAME: dbName, GUTTERS_NODE_ID: uniqueName("node"), GUTTERS_TOPIC_ROOT: root };
    const node = await startNodeProcess(env);
    cleanups.push(() => node.stop());
    const ids = await postUsers(node.base, users(20));
    await eventually("every user synthesized", async () => (await unsynthesized(mongoUri, dbName, ids)).length === 0, 60_000 * SCALE);
    for (const id of ids) {
      const entry = await fetch(`${node.base}/v1/users/${id}/journal`, {
        method: "POST",
        headers: adminHeaders({ "content-type": "application/json" }),
        body: JSON.stringify({ time: new Date().toISOString(), text: "a long day", mood: 5, symptoms: ["headache"] }),
      });
      expect(entry.status).toBe(201);
    }
    const { client } = await connectClient(broker.url);
    const sky = makeEvent({ id: uniqueName("storm"), source: "/gutters/test/tracker.solar", type: "cosmic.storm.detected", time: new Date(), data: {} });
    await client.publishAsync(`${root}/events/cosmic/storm/detected`, JSON.stringify(sky), { qos: 1 });
    await client.endAsync();
    const marks = async (filter: Record<string, unknown>) => withDb(mongoUri, dbName, (db) => db.collection("intelligence_due").countDocuments(filter));
    await eventually("the runs marked due", async () => (await marks({ kind: "observe" })) === ids.length && (await marks({ kind: "context", user_id: { $exists: false } })) >= 1);
    const killedAt = new Date();
    await node.kill9();

    await storeModuleConfig(mongoUri, dbName, { debounce_ms: 300, recover_after_ms: 2_000 });
    const restarted = await startNodeProcess(env);
    cleanups.push(() => restarted.stop());
    const current = (field: string) =>
      withDb(mongoUri, dbName, (db) => db.collection<{ _id: string }>("users").countDocuments({ _id: { $in: ids }, [field]: { $gt: killedAt } }));
    await eventually("every observer run and refresh done", async () => (await current("observed_at")) === ids.length && (await current("context_at")) === ids.length, 60_000 * SCALE);
    const recoveredMs = Date.now() - killedAt.getTime();
    await eventually("no mark left", async () => (await marks({})) === 0, 20_000);
    console.log(`R6 node killed -9 with runs waiting: people ${ids.length}, observed ${await current("observed_at")}, refreshed ${await current("context_at")}, lost 0, recovered in ${recoveredMs} ms`);
    await restarted.terminate();
  }, 120_000);

  test("SIGTERM under load: the node exits 0, leaves presence offline and no actor topics; every user is synthesized after a restart", async () => {
    const { mongoUri, mqttUrl } = serviceUrls();
    const dbName = uniqueName("sigterm");
    const root = `gutters-test/${uniqueName("sigterm")}`;
    const nodeId = uniqueName("node");
    await storeRuntime(mongoUri, dbName, FAST_RECOVERY);
    const env = { GUTTERS_DB_NAME: dbName, GUTTERS_NODE_ID: nodeId, GUTTERS_TOPIC_ROOT: root };
    const node = await startNodeProcess(env);
    cleanups.push(() => node.stop());
    const ids = await postUsers(node.base, users(10));
    expect(await node.terminate()).toBe(0);

    const { client, messages } = await connectClient(mqttUrl);
    await client.subscribeAsync([`${root}/nodes/${nodeId}`, `${root}/actors/${nodeId}/#`], { qos: 1 });
    await eventually("retained presence", () => messages.some((message) => message.topic.endsWith(`/nodes/${nodeId}`)));
    await Bun.sleep(300);
    expect(messages.filter((message) => message.retain && message.topic.startsWith(`${root}/actors/`) && message.payload !== "")).toEqual([]);
    expect(messages.find((message) => message.topic === `${root}/nodes/${nodeId}`)?.payload).toBe("offline");
    await client.endAsync();

    const restarted = await startNodeProcess(env);
    cleanups.push(() => restarted.stop());
    const started = Date.now();
    await eventually("every accepted user synthesized", async () => (await unsynthesized(mongoUri, dbName, ids)).length === 0, 60_000 * SCALE);
    await report("SIGTERM under load, restarted", mongoUri, dbName, ids, Date.now() - started);
    await restarted.terminate();
  }, 90_000);

  test("(R2) the broker killed -9 and restarted without its state: presence is online again and users posted meanwhile are synthesized", async () => {
    const broker = await startMosquitto({ persistence: false });
    cleanups.push(() => broker.cleanup());
    const { mongoUri } = serviceUrls();
    const system = await startTestSystem({ services: { mongoUri, mqttUrl: broker.url }, runtime: FAST_RECOVERY });
    cleanups.push(() => system.dispose());
    const before = await postUsersInProcess(system, users(5));
    await broker.kill9();
    const killedAt = Date.now();
    const during = await postUsersInProcess(system, users(5));
    await Bun.sleep(500);
    await broker.start();
    // The restarted broker lost every retained message: only a node that republishes on reconnect is online.
    await eventually("presence republished", async () => (await retainedValue(broker.url, system.topics.node(system.nodeId))) === "online", 20_000);
    const ids = [...before, ...during];
    expect(during).toHaveLength(users(5));
    await eventually("every accepted user synthesized", async () => (await unsynthesized(mongoUri, system.dbName, ids)).length === 0, 60_000 * SCALE);
    await report("R2 broker killed -9 and restarted empty", mongoUri, system.dbName, ids, Date.now() - killedAt);
  }, 90_000);

  test("(R5) the database flapping under load: fast 503s while it is down, and every accepted user is synthesized", async () => {
    const ferret = await startFerretDB();
    cleanups.push(() => ferret.cleanup());
    const dbName = uniqueName("flap");
    const mongoUri = ferret.uri(dbName);
    const system = await startTestSystem({
      services: { mongoUri, mqttUrl: serviceUrls().mqttUrl },
      dbName,
      runtime: FAST_RECOVERY,
      env: { GUTTERS_SERVICE_TIMEOUT_MS: "1000" },
    });
    cleanups.push(() => system.dispose());
    const accepted: string[] = [];
    const slowest: number[] = [];
    let unavailable = 0;
    const failures: string[] = [];
    const load = (async () => {
      const until = Date.now() + 9000;
      let index = 0;
      while (Date.now() < until) {
        const started = Date.now();
        if (process.env.FAULT_TRACE) console.log(`R5 ${new Date().toISOString()} POST ${index}`);
        const response = await request(system, "POST", "/v1/users", { ...EINSTEIN, name: `Flap User ${index++}` });
        slowest.push(Date.now() - started);
        if (response.status === 201) accepted.push(((await response.json()) as { id: string }).id);
        else if (response.status === 503) {
          unavailable += 1;
          expect(response.headers.get("retry-after")).not.toBeNull();
        } else failures.push(`${response.status} ${await response.text()}`);
        await Bun.sleep(50);
      }
    })();
    const trace = (what: string) => process.env.FAULT_TRACE && console.log(`R5 ${new Date().toISOString()} ${what}`);
    for (let flap = 0; flap < 3; flap++) {
      await Bun.sleep(1200);
      trace(`kill ${flap}`);
      await ferret.kill9();
      trace("killed");
      const ready = await request(system, "GET", "/health/ready");
      expect(ready.status).toBe(503);
      trace("ready answered");
      await Bun.sleep(1500);
      await ferret.start();
      trace("restarted");
    }
    await load;
    trace("load done");
    expect(failures).toEqual([]);
    expect(unavailable).toBeGreaterThan(0);
    // A request that needs the database answers within the operation bound (5 service timeouts) even when
    // its server is killed while it waits; most answer at once.
    expect(Math.max(...slowest)).toBeLessThan(6000);
    await eventually("ready again", async () => (await request(system, "GET", "/health/ready")).status === 200, 30_000);
    trace("ready again");
    const loadDone = Date.now();
    await eventually("every accepted user synthesized", async () => (await unsynthesized(mongoUri, dbName, accepted)).length === 0, 60_000);
    await report(`R5 database flapping (${unavailable} requests answered 503 while it was down)`, mongoUri, dbName, accepted, Date.now() - loadDone);
  }, 120_000);

  test("(R3) the database killed -9 for 5 s during ingest: every accepted user is synthesized", async () => {
    const ferret = await startFerretDB();
    cleanups.push(() => ferret.cleanup());
    const dbName = uniqueName("r3");
    const mongoUri = ferret.uri(dbName);
    const system = await startTestSystem({ services: { mongoUri, mqttUrl: serviceUrls().mqttUrl }, dbName, runtime: FAST_RECOVERY, env: { GUTTERS_SERVICE_TIMEOUT_MS: "1000" } });
    cleanups.push(() => system.dispose());
    const accepted: string[] = [];
    let stopped = false;
    const load = (async () => {
      for (let index = 0; !stopped; index++) {
        const response = await request(system, "POST", "/v1/users", { ...EINSTEIN, name: `Outage User ${index}` });
        if (response.status === 201) accepted.push(((await response.json()) as { id: string }).id);
        else expect(response.status).toBe(503);
        await Bun.sleep(Math.max(10, 100 / SCALE));
      }
    })();
    await Bun.sleep(1000);
    await ferret.kill9();
    await Bun.sleep(5000);
    await ferret.start();
    await Bun.sleep(1000 * SCALE);
    stopped = true;
    await load;
    const restarted = Date.now();
    await eventually("every accepted user synthesized", async () => (await unsynthesized(mongoUri, dbName, accepted)).length === 0, 60_000 * SCALE);
    await report("R3 database killed -9 for 5 s", mongoUri, dbName, accepted, Date.now() - restarted);
  }, 120_000);

  test("(R4) one of three nodes killed -9 during ingest: every accepted user is synthesized by the others", async () => {
    const { mongoUri } = serviceUrls();
    const dbName = uniqueName("r4");
    await storeRuntime(mongoUri, dbName, FAST_RECOVERY);
    const env = { GUTTERS_DB_NAME: dbName, GUTTERS_TOPIC_ROOT: `gutters-test/${uniqueName("r4")}` };
    const nodes = [];
    for (let index = 0; index < 3; index++) {
      const node = await startNodeProcess({ ...env, GUTTERS_NODE_ID: uniqueName(`node${index}`) });
      cleanups.push(() => node.stop());
      nodes.push(node);
    }
    const [victim, ...survivors] = nodes;
    if (victim === undefined) throw new Error("no node");
    const ids: string[] = [];
    const ingest = Promise.all(nodes.map((node) => postUsers(node.base, users(10), ids).catch(() => ids)));
    await Bun.sleep(300);
    await victim.kill9();
    await ingest;
    const killed = Date.now();
    expect(ids.length).toBeGreaterThan(users(20) - 1);
    await eventually("every accepted user synthesized", async () => (await unsynthesized(mongoUri, dbName, ids)).length === 0, 90_000 * SCALE);
    await report("R4 one of three nodes killed -9 during ingest", mongoUri, dbName, ids, Date.now() - killed);
    for (const node of survivors) await node.terminate();
  }, 150_000);

  test("three nodes on Mosquitto share the work: each does some, and every user is computed once per module", async () => {
    const { mongoUri, mqttUrl } = serviceUrls();
    const dbName = uniqueName("share");
    const root = `gutters-test/${uniqueName("share")}`;
    const nodes = [];
    for (let index = 0; index < 3; index++) {
      const node = await startTestSystem({ services: { mongoUri, mqttUrl }, dbName, root, runtime: FAST_RECOVERY });
      cleanups.push(() => node.stop());
      nodes.push(node);
    }
    expect(nodes.every((node) => node.bus.sharesWork)).toBe(true);
    const [first] = nodes;
    if (first === undefined) throw new Error("no node");
    const ids = await postUsersInProcess(first, users(30));
    const posted = Date.now();
    await eventually("every user synthesized", async () => (await unsynthesized(mongoUri, dbName, ids)).length === 0, 60_000 * SCALE);
    await report("three nodes sharing the work", mongoUri, dbName, ids, Date.now() - posted);
    const processed = nodes.map((node) =>
      Object.fromEntries(node.node.actorSummaries().map((summary) => [summary.module, summary.counters.processed ?? 0])),
    );
    for (const counts of processed) expect(Object.values(counts).reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0);
    for (const module of Object.keys(processed[0] ?? {})) {
      expect(processed.reduce((sum, counts) => sum + (counts[module] ?? 0), 0)).toBe(users(30));
    }
    const metrics = await (await request(nodes[2] as typeof first, "GET", "/metrics")).text();
    expect(metrics).toMatch(/gutters_module_jobs_total\{node="[^"]+",module="numerology",outcome="processed"\} [1-9]/);
    await first.dispose();
  }, 90_000);
});

async function postUsersInProcess(system: Parameters<typeof request>[0], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const response = await request(system, "POST", "/v1/users", { ...EINSTEIN, name: `Fault User ${index}` });
    if (response.status === 201) ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

/** The retained message on a topic, as a client that subscribes now sees it (undefined when none). */
async function retainedValue(url: string, topic: string): Promise<string | undefined> {
  const { client, messages } = await connectClient(url);
  try {
    await client.subscribeAsync(topic, { qos: 1 });
    await Bun.sleep(150);
    return messages.find((message) => message.retain && message.topic === topic)?.payload;
  } finally {
    await client.endAsync();
  }
}
