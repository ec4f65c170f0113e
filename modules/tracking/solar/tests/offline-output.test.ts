import { expect, test } from "bun:test";
import { createTrackingQueries } from "../../../../app/tracking-queries.ts";
import { configDefaults } from "../../../contract.ts";
import { createRegistry } from "../../../registry.ts";
import { solarModule } from "../module.ts";
import { SOLAR_PRODUCTS } from "../schemas.ts";

test("an offline solar snapshot (every feed failing) reports zero confidence and partial accuracy, not full", async () => {
  // `.invalid` never resolves (RFC 6761): every fetch fails as it does on a machine without internet.
  const config = solarModule.config.parse({
    ...configDefaults(solarModule),
    timeout_ms: 1000,
    urls: Object.fromEntries(SOLAR_PRODUCTS.map((product) => [product, `https://swpc.gutters.invalid/${product}.json`])),
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
