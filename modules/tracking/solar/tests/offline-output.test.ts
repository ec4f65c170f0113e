import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTrackingQueries } from "../../../../app/tracking-queries.ts";
import { configDefaults } from "../../../contract.ts";
import { createRegistry } from "../../../registry.ts";
import { solarModule } from "../module.ts";
import { SOLAR_PRODUCTS } from "../schemas.ts";

// A port that refuses connections stands for a machine without internet: every fetch fails at once.
let closed: ReturnType<typeof Bun.serve>;
let refusedBase = "";
beforeAll(() => {
  closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("down", { status: 503 }) });
  refusedBase = `http://127.0.0.1:${closed.port}`;
});
afterAll(async () => {
  await closed.stop(true);
});

test("an offline solar snapshot (every feed failing) reports zero confidence and partial accuracy, not full", async () => {
  const config = solarModule.config.parse({
    ...configDefaults(solarModule),
    timeout_ms: 1000,
    urls: Object.fromEntries(SOLAR_PRODUCTS.map((product) => [product, `${refusedBase}/${product}`])),
  });
  const queries = createTrackingQueries({
    registry: createRegistry([solarModule]),
    configOf: async () => ({ config, version: 0 }),
    observeLive: true,
  });
  const output = await queries.snapshot("solar", undefined, new Date("2026-12-01T12:00:00Z"));
  expect(output.metadata.confidence).toBe(0);
  expect(output.metadata.accuracy).toBe("partial");
  expect(output.metadata.notes.filter((note) => note.includes("missing"))).toHaveLength(5);
});
