import { describe, expect, test } from "bun:test";
import { BirthDataSchema } from "../../../birth-data.ts";
import { configDefaults, ModuleOutputSchema } from "../../../contract.ts";
import { runCalculation } from "../../../run-calculation.ts";
import { createRegistry } from "../../../registry.ts";
import { calcCommand, CliError } from "../../../../cli/commands.ts";
import { humanDesignModule } from "../module.ts";

describe("human_design module descriptor", () => {
  test("identity and config defaults: true node, 1′ boundary margin", () => {
    expect(humanDesignModule.name).toBe("human_design");
    expect(humanDesignModule.layer).toBe("calculation");
    expect(configDefaults(humanDesignModule)).toEqual({ node_type: "true", near_boundary_arcmin: 1 });
    expect(humanDesignModule.config.safeParse({ node_type: "osculating" }).success).toBe(false);
  });

  test("its output passes the module output contract and its own data schema, with the conventions stated", () => {
    // Case hd-derived-projector-egoprojected: 1988-01-03 20:03 UT, Projector with a heart defined away from the throat.
    const birth = BirthDataSchema.parse({ date: "1988-01-03", time: "21:03", utc_offset: "+01:00", latitude: 48.1, longitude: 11.6 });
    const now = new Date("2026-01-01T00:00:00Z");
    const output = runCalculation(humanDesignModule, birth, configDefaults(humanDesignModule), 3, now);
    expect(ModuleOutputSchema.safeParse(output).success).toBe(true);
    const data = humanDesignModule.data.parse(output.data);
    expect(data.authority).toBe("Ego Projected");
    expect(data.conventions.heart_without_throat_authority).toBe("Ego Projected");
    expect(output.metadata.notes.some((note) => note.includes("Ego Projected"))).toBe(true);
    expect(output.insights).toContain("Authority: Ego Projected");
    expect(output.insights).toContain("Defined channels: 25-51");
    // Same case: design_utc 1987-10-08T11:50:08.951Z; 60 s tolerance as in the issue (Swiss Ephemeris vs astronomy-engine Sun).
    const designError = Math.abs(Date.parse(data.design_time) - Date.parse("1987-10-08T11:50:08.951Z")) / 1000;
    expect(designError).toBeLessThan(60);
  });

  test("the mean node can be chosen by config", () => {
    const birth = BirthDataSchema.parse({ date: "1988-01-03", time: "20:03", utc_offset: "+00:00", latitude: 0, longitude: 0 });
    const output = runCalculation(humanDesignModule, birth, { node_type: "mean", near_boundary_arcmin: 1 }, 1, new Date(0));
    expect(output.data["node_type"]).toBe("mean");
  });
});

describe("through the CLI's calc command (as `bun run cli calc human_design` runs it)", () => {
  const registry = createRegistry([humanDesignModule]);
  // Case hd-derived-manifestor-egomanifested: 1993-03-31T10:02:00Z, Manifestor, Ego Manifested, 2/4, channel 21-45.
  test("birth data in, module output out, every categorical field of the case", () => {
    const input = { date: "1993-03-31", time: "12:02", timezone: "Europe/Berlin", latitude: 52.52, longitude: 13.4 };
    const output = calcCommand(registry, "human_design", input, undefined, new Date("2026-01-01T00:00:00Z"));
    const data = humanDesignModule.data.parse(output.data);
    expect(data.birth_time_utc).toBe("1993-03-31T10:02:00.000Z");
    expect([data.type, data.authority, data.profile, data.definition]).toEqual(["Manifestor", "Ego Manifested", "2/4", "Single"]);
    expect(data.channels).toEqual(["21-45"]);
    expect(data.incarnation_cross).toBe("Right Angle Cross of Tension (21/48 | 38/39)");
  });

  test("invalid birth data is a usage error (exit 2) naming the field", () => {
    const input = { date: "1993-02-30", time: "12:02", timezone: "Europe/Berlin", latitude: 52.52, longitude: 13.4 };
    try {
      calcCommand(registry, "human_design", input, undefined, new Date(0));
      throw new Error("expected a CliError");
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      expect(error instanceof CliError ? error.exitCode : 0).toBe(2);
      expect(error instanceof Error ? error.message : "").toContain("date");
    }
  });
});
