import { describe, expect, test } from "bun:test";
import { createRegistry } from "../../../modules/registry.ts";
import { echoModule } from "./fixtures.ts";

const alpha = echoModule({ name: "alpha" });
const beta = echoModule({ name: "beta" });
const gamma = echoModule({ name: "gamma" });

describe("createRegistry", () => {
  test("finds modules by name", () => {
    const registry = createRegistry([alpha, beta]);
    expect(registry.get("beta")).toBe(beta);
    expect(registry.get("delta")).toBeUndefined();
    expect(registry.all).toEqual([alpha, beta]);
    expect(registry.calculationModules()).toEqual([alpha, beta]);
  });

  test("refuses a name registered twice", () => {
    expect(() => createRegistry([alpha, beta, echoModule({ name: "alpha" })])).toThrow("module alpha is registered twice");
  });

  test("select(undefined) hosts every module, as a copy", () => {
    const registry = createRegistry([alpha, beta, gamma]);
    const selected = registry.select(undefined);
    expect(selected).toEqual([alpha, beta, gamma]);
    selected.pop();
    expect(registry.all).toHaveLength(3);
  });

  test("select keeps the order asked for", () => {
    expect(createRegistry([alpha, beta, gamma]).select(["gamma", "alpha"])).toEqual([gamma, alpha]);
  });

  test("select names an unknown module and lists the known ones", () => {
    expect(() => createRegistry([alpha, beta]).select(["alpha", "astrology"])).toThrow(
      'GUTTERS_MODULES: unknown module "astrology" (known: alpha, beta)',
    );
  });
});
