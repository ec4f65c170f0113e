import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { type CalculationModule, configDefaults, defineCalculationModule, ModuleOutputSchema } from "../../../modules/contract.ts";
import { EchoConfigSchema, EchoDataSchema, echoModule } from "./fixtures.ts";

const good = echoModule();

/** The same descriptor with fields replaced; the replacements may be ill-typed on purpose. */
function variant(patch: Record<string, unknown>): CalculationModule<typeof EchoConfigSchema, typeof EchoDataSchema> {
  return { ...good, ...patch } as CalculationModule<typeof EchoConfigSchema, typeof EchoDataSchema>;
}

function registrationError(patch: Record<string, unknown>): string {
  try {
    defineCalculationModule(variant(patch));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the descriptor to be refused");
}

describe("defineCalculationModule", () => {
  test("returns a valid descriptor as it is", () => {
    expect(defineCalculationModule(good)).toBe(good);
  });

  test.each(["Echo", "echo-module", "1echo", "", "echo module"])("refuses the name %p, naming the field", (name) => {
    expect(registrationError({ name })).toBe(`module ${name}: name: module names are snake_case`);
  });

  test.each(["1.0", "v1.0.0", "1.0.0-beta", "latest"])("refuses the version %p", (version) => {
    expect(registrationError({ version })).toBe("module echo: version: expected a semantic version");
  });

  test("refuses an unknown layer and an empty description", () => {
    expect(registrationError({ layer: "storage" })).toStartWith("module echo: layer: ");
    expect(registrationError({ description: "" })).toStartWith("module echo: description: ");
  });

  test("refuses a config whose defaults do not parse", () => {
    const message = registrationError({ config: z.object({ factor: z.number() }) });
    expect(message).toStartWith("module echo: config defaults are invalid: ");
    expect(message).toContain("factor");
  });

  test("refuses a default that its own schema rejects (zod does not validate .default values)", () => {
    const message = registrationError({ config: z.object({ factor: z.number().min(5).default(1) }) });
    expect(message).toStartWith("module echo: config defaults are invalid: ");
  });
});

describe("configDefaults", () => {
  test("parses an empty object", () => {
    expect(configDefaults(good)).toEqual({ factor: 2 });
  });
});

describe("ModuleOutputSchema", () => {
  const output = {
    module: "echo",
    layer: "calculation",
    version: "2.1.0",
    data: { year: 1815 },
    insights: [],
    metadata: { confidence: 1, accuracy: "full", calculated_at: "2026-01-01T00:00:00.000Z", config_version: 0, notes: [] },
  };

  test("accepts a complete output and refuses a confidence above 1", () => {
    expect(ModuleOutputSchema.safeParse(output).success).toBe(true);
    const bad = ModuleOutputSchema.safeParse({ ...output, metadata: { ...output.metadata, confidence: 1.2 } });
    expect(bad.error?.issues.map((issue) => issue.path.join("."))).toEqual(["metadata.confidence"]);
  });
});
