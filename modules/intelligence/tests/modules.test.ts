import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { configDefaults, defineIntelligenceModule, type IntelligenceModule } from "../../contract.ts";
import { hypothesesModule } from "../hypotheses/module.ts";
import { journalModule } from "../journal/module.ts";
import { observerModule } from "../observer/module.ts";
import { themesModule } from "../themes/module.ts";

describe("intelligence modules", () => {
  const modules: IntelligenceModule[] = [journalModule, observerModule, hypothesesModule, themesModule];

  test("each declares the intelligence layer and typed defaults that satisfy its schema", () => {
    for (const module of modules) {
      expect(module.layer).toBe("intelligence");
      const defaults = configDefaults(module);
      expect(module.config.parse(defaults)).toEqual(defaults);
    }
  });

  test("the observer's defaults are the original's gates and thresholds", () => {
    expect(configDefaults(observerModule)).toMatchObject({
      alpha: 0.05,
      correction: "holm",
      solar: { gate_days: 30, min_history_points: 30, min_entries: 10, min_abs_r: 0.6 },
      lunar: { gate_days: 60, min_history_points: 60, min_entries: 15, min_group_entries: 5, min_difference: 1.5 },
      day_of_week: { gate_days: 60, min_entries: 30, min_day_entries: 3, min_difference: 1.5 },
      transit: { window_days: 90, min_frequency: 0.5 },
    });
    // A partial nested override keeps the other defaults of that group.
    expect(observerModule.config.parse({ solar: { min_abs_r: 0.5 } }).solar).toMatchObject({ min_abs_r: 0.5, min_entries: 10 });
  });

  test("a bad descriptor fails at declaration, naming the field", () => {
    const base = { layer: "intelligence" as const, version: "1.0.0", description: "d", consumes: [], emits: [] };
    expect(() => defineIntelligenceModule({ ...base, name: "Bad-Name", config: z.object({}) })).toThrow("module Bad-Name: name: module names are snake_case");
    expect(() => defineIntelligenceModule({ ...base, name: "x", version: "1", config: z.object({}) })).toThrow("version");
    expect(() => defineIntelligenceModule({ ...base, name: "x", config: z.object({ n: z.number().min(5).default(1) }) })).toThrow("config defaults are invalid");
  });
});
