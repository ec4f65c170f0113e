import { describe, expect, test } from "bun:test";
import { createRegistry } from "../../modules/registry.ts";
import { numerologyModule } from "../../modules/calculation/numerology/module.ts";
import { MongoClient } from "mongodb";
import { connectClient, EINSTEIN, eventually, serviceUrls, startTestSystem, uniqueName } from "../support/services.ts";
import { createOversizedOnceModule } from "../support/flaky-module.ts";

describe("supervision", () => {
  test("a module actor whose storage fails is restarted with backoff and finishes the job it had", async () => {
    const registry = createRegistry([numerologyModule, createOversizedOnceModule()]);
    const system = await startTestSystem({ registry, runtime: { restart_initial_ms: 20, restart_max_ms: 100 } });
    try {
      const userId = uniqueName("crash");
      await system.node.submitBirthData(userId, { ...EINSTEIN, calendar: "gregorian" });
      const summary = await eventually("a restart", () =>
        system.node.actorSummaries().find((candidate) => candidate.module === "oversized_once" && candidate.restarts === 1 && candidate.state === "ready"),
      );
      expect(summary.last_error?.message.length).toBeGreaterThan(0);
      const synthesis = await eventually("synthesis after restart", async () => (await system.node.users.getSynthesis(userId)) ?? undefined);
      expect(synthesis.modules.oversized_once?.data).toEqual({ blob: "small", call: 2 });
      // The other module never noticed.
      expect(system.node.actorSummaries().find((candidate) => candidate.module === "numerology")?.restarts).toBe(0);
    } finally {
      await system.dispose();
    }
  }, 30_000);
});

describe("graceful shutdown", () => {
  test("stop() finishes received work, publishes offline and leaves no subscription", async () => {
    const system = await startTestSystem();
    const { client, messages } = await connectClient(system.mqttUrl);
    await client.subscribeAsync(system.topics.node(system.nodeId), { qos: 1 });
    const users = Array.from({ length: 10 }, (_, index) => `shutdown-${index}`);
    for (const userId of users) await system.node.submitBirthData(userId, { ...EINSTEIN, calendar: "gregorian" });
    await eventually("every job received", () => {
      const received = system.node
        .actorSummaries()
        .map((summary) => summary.queue_length + (summary.counters.processed ?? 0) + (summary.counters.failed ?? 0) + (summary.state === "working" ? 1 : 0));
      return received.every((count) => count >= users.length);
    });
    await system.node.stop();
    expect(system.bus.subscriptionCount()).toBe(0);
    for (const userId of users) {
      expect((await system.node.users.listProfiles(userId)).length).toBe(system.node.hosted.length);
    }
    await system.bus.close();
    await eventually("offline presence", () => messages.at(-1)?.payload === "offline");
    await client.endAsync();
    await system.dispose();
  }, 30_000);

  test("SIGTERM stops `bun start` within 10 s with exit code 0", async () => {
    const root = `gutters-test/${uniqueName("sigterm")}`;
    const nodeId = uniqueName("node");
    const dbName = uniqueName("sigterm");
    const { client, messages } = await connectClient(process.env.MQTT_URL as string);
    await client.subscribeAsync(`${root}/nodes/${nodeId}`, { qos: 1 });
    const child = Bun.spawn(["bun", "run", "main.ts"], {
      env: { ...process.env, GUTTERS_TOPIC_ROOT: root, GUTTERS_NODE_ID: nodeId, GUTTERS_DB_NAME: dbName, PORT: "0", LOG_LEVEL: "warn" },
      stdout: "pipe",
      stderr: "pipe",
    });
    await eventually("online", () => messages.some((message) => message.payload === "online"), 20_000);
    const started = Date.now();
    child.kill("SIGTERM");
    const code = await child.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await eventually("offline", () => messages.at(-1)?.payload === "offline");
    await client.endAsync();
    const mongo = await MongoClient.connect(serviceUrls().mongoUri);
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  }, 30_000);
});
