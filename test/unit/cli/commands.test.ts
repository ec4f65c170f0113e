import { describe, expect, test } from "bun:test";
import { calcCommand, CliError, parseJsonInput } from "../../../cli/commands.ts";
import { GuttersError } from "../../../core/errors.ts";
import { numerologyModule } from "../../../modules/calculation/numerology/module.ts";
import { ModuleOutputSchema } from "../../../modules/contract.ts";
import { createRegistry } from "../../../modules/registry.ts";
import { echoModule } from "../modules/fixtures.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");

// Michael-Sebero/Numerology-Calculator README.md @ 8a2ce0a, as in the numerology module tests: life path 6,
// expression 11, soul urge 7, personality 4.
const MACDONALD = { name: "Norman Gene Macdonald", date: "1959-10-17", latitude: 0, longitude: 0 };

const registry = createRegistry([numerologyModule, echoModule()]);

function cliError(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a CliError");
}

describe("calcCommand", () => {
  test("prints the numerology output for valid birth data", () => {
    const output = calcCommand(registry, "numerology", MACDONALD, undefined, NOW);
    expect(ModuleOutputSchema.parse(output)).toEqual(output);
    expect(output).toMatchObject({
      module: "numerology",
      layer: "calculation",
      version: "1.0.0",
      data: { life_path: 6, expression: 11, soul_urge: 7, personality: 4, system: "pythagorean", master_numbers: [11] },
      metadata: { confidence: 1, accuracy: "full", calculated_at: NOW.toISOString(), config_version: 0 },
    });
    expect(output.insights.length).toBeGreaterThan(0);
  });

  test("a config object replaces the defaults", () => {
    const output = calcCommand(registry, "numerology", MACDONALD, { system: "chaldean" }, NOW);
    expect(output.data).toMatchObject({ system: "chaldean", life_path_method: "components" });
  });

  test("an unknown module exits 2, listing the calculation modules", () => {
    const error = cliError(() => calcCommand(registry, "astrologyy", MACDONALD, undefined, NOW));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('unknown calculation module "astrologyy"; did you mean one of: numerology, echo?');
  });

  test("invalid birth data exits 2, naming each bad field", () => {
    const error = cliError(() =>
      calcCommand(registry, "numerology", { ...MACDONALD, latitude: 95, time: "10:00", date: "1959-02-30" }, undefined, NOW),
    );
    expect(error.exitCode).toBe(2);
    expect(error.message).toStartWith("invalid birth data (");
    const paths = error.message
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(":")[0]);
    expect(paths.sort()).toEqual(["date", "latitude", "timezone"]);
  });

  test("birth data that is not an object exits 2", () => {
    const error = cliError(() => calcCommand(registry, "numerology", [1, 2], undefined, NOW));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("(root)");
  });

  test("numerology without a name exits 2, naming the field", () => {
    const { name: _name, ...nameless } = MACDONALD;
    const error = cliError(() => calcCommand(registry, "numerology", nameless, undefined, NOW));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("numerology needs the full birth name\n  name: numerology needs the full birth name");
  });

  test("an invalid config exits 2, naming the config field", () => {
    const error = cliError(() => calcCommand(registry, "numerology", MACDONALD, { system: "kabbalah" }, NOW));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("\n  system: ");
    expect(error.message).toStartWith("invalid config (");
  });

  test("a defect in a module is not disguised as bad input", () => {
    const defect = new TypeError("cannot read properties of undefined");
    const broken = echoModule({
      name: "broken",
      calculate: () => {
        throw defect;
      },
    });
    const withBroken = createRegistry([broken]);
    expect(() => calcCommand(withBroken, "broken", MACDONALD, undefined, NOW)).toThrow(defect);
    const serverError = new GuttersError("internal", "ephemeris missing");
    const failing = createRegistry([
      echoModule({
        name: "failing",
        calculate: () => {
          throw serverError;
        },
      }),
    ]);
    expect(() => calcCommand(failing, "failing", MACDONALD, undefined, NOW)).toThrow(serverError);
  });
});

describe("parseJsonInput", () => {
  test("parses JSON text", () => {
    expect(parseJsonInput('{"date":"1959-10-17"}', "stdin")).toEqual({ date: "1959-10-17" });
    expect(parseJsonInput(" [1, 2] ", "birth.json")).toEqual([1, 2]);
  });

  test("text that is not JSON exits 2, naming where it came from", () => {
    const error = cliError(() => parseJsonInput("{date: 1959}", "birth.json"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toStartWith("birth.json is not valid JSON: ");
    expect(error).toBeInstanceOf(Error);
  });
});
