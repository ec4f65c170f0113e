import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { ModuleOutputSchema } from "../../../modules/contract.ts";
import { runCalculation } from "../../../modules/run-calculation.ts";
import { BIRTH, echoModule } from "./fixtures.ts";

const NOW = new Date("2026-02-03T04:05:06.007Z");

describe("runCalculation", () => {
  test("wraps the result with the module's identity and the metadata", () => {
    const output = runCalculation(echoModule(), { ...BIRTH, time: "10:00", utc_offset: "+00:00" }, { factor: 3 }, 7, NOW);
    expect(output).toEqual({
      module: "echo",
      layer: "calculation",
      version: "2.1.0",
      data: { year: 1815, scaled: 5445 },
      insights: ["born in 1815"],
      metadata: { confidence: 1, accuracy: "full", calculated_at: "2026-02-03T04:05:06.007Z", config_version: 7, notes: [] },
    });
    expect(ModuleOutputSchema.parse(output)).toEqual(output);
  });

  test("carries the calculation's notes, confidence and accuracy", () => {
    const output = runCalculation(echoModule(), BIRTH, { factor: 1 }, 0, NOW);
    expect(output.metadata).toMatchObject({ confidence: 0.5, accuracy: "probabilistic", notes: ["no birth time"] });
  });

  test("passes the injected instant to the calculation", () => {
    let seen: Date | undefined;
    const module = echoModule({
      calculate: (_birth, _config, context) => {
        seen = context.now;
        return { data: { year: 1, scaled: 1 }, insights: [], confidence: 1, accuracy: "full" };
      },
    });
    runCalculation(module, BIRTH, { factor: 1 }, 0, NOW);
    expect(seen).toBe(NOW);
  });

  test("refuses data that do not match the module's data schema", () => {
    const module = echoModule({
      calculate: () => ({
        data: { year: 1815.5, scaled: 1 },
        insights: [],
        confidence: 1,
        accuracy: "full",
      }),
    });
    expect(() => runCalculation(module, BIRTH, { factor: 1 }, 0, NOW)).toThrow(z.ZodError);
  });

  test("strips data fields the schema does not declare", () => {
    const module = echoModule({
      calculate: () => {
        const data = { year: 1, scaled: 2, secret: "birth details" };
        return { data, insights: [], confidence: 1, accuracy: "full" };
      },
    });
    expect(runCalculation(module, BIRTH, { factor: 1 }, 0, NOW).data).toEqual({ year: 1, scaled: 2 });
  });
});
