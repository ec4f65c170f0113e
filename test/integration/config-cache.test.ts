import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { themesModule } from "../../modules/intelligence/themes/module.ts";
import { eventually, request, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

const dbName = uniqueName("configcache");
const root = `gutters-test/${uniqueName("configcache")}`;
let host: TestSystem;
let elsewhere: TestSystem;

beforeAll(async () => {
  // A lifetime far beyond the test: only the `config.updated` announcement can make the change visible.
  const runtime = { config_cache_ms: 600_000 };
  host = await startTestSystem({ dbName, root, runtime, modules: "numerology,themes" });
  elsewhere = await startTestSystem({ dbName, root, runtime, modules: "numerology" });
}, 30_000);
afterAll(async () => {
  await elsewhere.stop();
  await host.dispose();
}, 30_000);

describe("stored configs of modules hosted elsewhere", () => {
  test("are read once, and a change made through another node applies on its announcement", async () => {
    const before = await elsewhere.node.configOf(themesModule);
    expect(before.config.min_systems).toBe(2);
    expect(await elsewhere.node.configOf(themesModule)).toBe(before);
    expect((await request(host, "PATCH", "/v1/config/themes", { min_systems: 3 })).status).toBe(200);
    const after = await eventually("the new themes config on the other node", async () => {
      const loaded = await elsewhere.node.configOf(themesModule);
      return loaded.config.min_systems === 3 ? loaded : undefined;
    });
    expect(after.version).toBeGreaterThan(before.version);
  });
});
