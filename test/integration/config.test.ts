import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
import { ConfigStore } from "../../store/config-store.ts";
import { EINSTEIN, eventually, request, serviceUrls, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

const dbName = uniqueName("config");
let mongo: MongoClient;
let system: TestSystem;

beforeAll(async () => {
  mongo = await MongoClient.connect(serviceUrls().mongoUri);
  // A row for human_design that the module's schema rejects: defaults must stay in use, the error visible.
  await mongo.db(dbName).collection("system_configurations").insertOne({
    module_name: "human_design",
    config: { node_type: "osculating-ish" },
    is_active: true,
    version: 4,
    updated_at: new Date(),
  });
  system = await startTestSystem({ dbName });
}, 30_000);
afterAll(async () => {
  await system.dispose();
  await mongo.close();
}, 30_000);

type ModuleList = { modules: { name: string; config: { source: string; version: number; error: { issues: { path: string }[] } | null } }[] };

describe("module config from system_configurations", () => {
  test("no row → typed defaults", async () => {
    const list = (await (await request(system, "GET", "/v1/modules")).json()) as ModuleList;
    const numerology = list.modules.find((module) => module.name === "numerology");
    expect(numerology?.config).toEqual({ source: "defaults", version: 0, error: null });
    const config = (await (await request(system, "GET", "/v1/config/numerology")).json()) as { config: { system: string } };
    expect(config.config.system).toBe("pythagorean");
  });

  test("an invalid row → defaults, with the error shown in /v1/modules and on the actor", async () => {
    const list = (await (await request(system, "GET", "/v1/modules")).json()) as ModuleList;
    const humanDesign = list.modules.find((module) => module.name === "human_design");
    expect(humanDesign?.config.source).toBe("defaults");
    expect(humanDesign?.config.error?.issues.map((issue) => issue.path)).toContain("config.node_type");
    const actor = (await (await request(system, "GET", "/v1/actors/module.human_design")).json()) as { status: string; config_error: unknown };
    expect(actor.status).toBe("degraded");
    expect(actor.config_error).not.toBeNull();
  });

  test("PUT validates, bumps the version, stores, and the running actor reloads without a restart", async () => {
    const invalid = await request(system, "PUT", "/v1/config/numerology", { system: "chaldean", master_numbers: "all" });
    expect(invalid.status).toBe(422);
    expect((await new ConfigStore(mongo.db(dbName)).load("numerology", system.node.registry.get("numerology")!.config)).source).toBe("defaults");

    const put = await request(system, "PUT", "/v1/config/numerology", { system: "chaldean" });
    expect(put.status).toBe(200);
    const stored = (await put.json()) as { module_name: string; version: number; config: { system: string; life_path_method: string } };
    expect(stored).toMatchObject({ module_name: "numerology", version: 1, config: { system: "chaldean", life_path_method: "components" } });

    await eventually("actor reload", () =>
      system.node.actorSummaries().find((summary) => summary.module === "numerology" && summary.config_version === 1 && summary.state === "ready"),
    );
    const { id } = (await (await request(system, "POST", "/v1/users", EINSTEIN)).json()) as { id: string };
    const profile = await eventually("chaldean profile", async () => (await system.node.users.getProfile(id, "numerology")) ?? undefined);
    expect(profile.data?.system).toBe("chaldean");
    expect(profile.metadata?.config_version).toBe(1);

    const again = (await (await request(system, "PUT", "/v1/config/numerology", { system: "pythagorean" })).json()) as { version: number };
    expect(again.version).toBe(2);
  });

  test("a stored row is reported as the config source", async () => {
    const list = (await (await request(system, "GET", "/v1/modules")).json()) as ModuleList;
    expect(list.modules.find((module) => module.name === "numerology")?.config.source).toBe("database");
  });

  test("config seed writes defaults without overwriting", async () => {
    const seedDb = uniqueName("seed");
    const run = () =>
      Bun.spawnSync(["bun", "run", "cli/main.ts", "config", "seed"], {
        env: { ...process.env, GUTTERS_DB_NAME: seedDb },
        stdout: "pipe",
        stderr: "pipe",
      });
    const first = run();
    expect(first.exitCode).toBe(0);
    expect(first.stdout.toString()).toContain("numerology: defaults written");
    const rows = mongo.db(seedDb).collection("system_configurations");
    await rows.updateOne({ module_name: "numerology" }, { $set: { "config.system": "chaldean" } });
    const second = run();
    expect(second.stdout.toString()).toContain("numerology: kept existing row");
    expect((await rows.findOne({ module_name: "numerology" }))?.config.system).toBe("chaldean");
    await mongo.db(seedDb).dropDatabase();
  });
});
