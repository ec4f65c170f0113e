import { describe, expect, test } from "bun:test";
import { RuntimeSettingsSchema } from "../../../config/runtime.ts";
import { registry } from "../../../modules/index.ts";
import { mergeConfig, unknownKeys } from "../../../store/config-merge.ts";

describe("unknownKeys", () => {
  test("names keys the schema dropped, at any depth and in arrays", () => {
    expect(unknownKeys({ a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }] }, { a: 1, b: { c: 2 }, e: [{ f: 1 }] })).toEqual([
      { path: "b.d", message: "unknown key", code: "unrecognized_keys" },
      { path: "e.0.g", message: "unknown key", code: "unrecognized_keys" },
    ]);
    expect(unknownKeys({ a: null }, { a: null })).toEqual([]);
  });

  test("every module's full config and the runtime row round-trip without a false unknown key", () => {
    for (const module of registry.all) {
      const full = module.config.parse({});
      expect({ module: module.name, issues: unknownKeys(full, module.config.parse(full)) }).toEqual({ module: module.name, issues: [] });
    }
    const runtime = RuntimeSettingsSchema.parse({});
    expect(unknownKeys(runtime, RuntimeSettingsSchema.parse(runtime))).toEqual([]);
  });
});

describe("mergeConfig", () => {
  test("objects merge at any depth; arrays, null and scalars replace", () => {
    const current = { a: 1, nested: { x: 1, y: 2 }, list: [1, 2], url: "https://x" };
    expect(mergeConfig(current, { nested: { y: 3 }, list: [9], url: null })).toEqual({ a: 1, nested: { x: 1, y: 3 }, list: [9], url: null });
    expect(current.nested.y).toBe(2);
  });
});
