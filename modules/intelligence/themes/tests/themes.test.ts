import { describe, expect, test } from "bun:test";
import { astrologyModule } from "../../../calculation/astrology/module.ts";
import { humanDesignModule } from "../../../calculation/human_design/module.ts";
import { numerologyModule } from "../../../calculation/numerology/module.ts";
import { BirthDataSchema } from "../../../birth-data.ts";
import { type CalculationModule, configDefaults } from "../../../contract.ts";
import { runCalculation } from "../../../run-calculation.ts";
import type { Hypothesis } from "../../hypotheses/schemas.ts";
import { fieldAt, valuesAt } from "../fields.ts";
import { SynthesisCoreSchema, ThemesConfigSchema } from "../schemas.ts";
import { synthesize, themesOf } from "../service.ts";

const config = ThemesConfigSchema.parse({});

describe("fieldAt", () => {
  const data = { bodies: [{ name: "sun", sign: "pisces" }, { name: "moon", sign: "sagittarius" }], summary: { dominant_element: "water" }, master_numbers: [11, 22], angles: null };
  test("follows properties, picks array elements by name, returns lists whole", () => {
    expect(fieldAt(data, "bodies.moon.sign")).toBe("sagittarius");
    expect(fieldAt(data, "summary.dominant_element")).toBe("water");
    expect(fieldAt(data, "master_numbers")).toEqual([11, 22]);
    expect(valuesAt(data, "master_numbers")).toEqual([11, 22]);
  });
  test("a path that leads nowhere has no value", () => {
    expect(fieldAt(data, "angles.ascendant.sign")).toBeUndefined();
    expect(fieldAt(data, "bodies.pluto.sign")).toBeUndefined();
    expect(valuesAt(data, "summary")).toEqual([]);
  });
});

describe("themesOf", () => {
  const small = ThemesConfigSchema.parse({
    rules: [
      { module: "numerology", field: "life_path", value: 7, themes: { introspection: 1, intuition: 0.6 } },
      { module: "human_design", field: "authority", value: "Splenic", themes: { intuition: 1 } },
      { module: "human_design", field: "defined_centers", value: "ajna", themes: { introspection: 0.5 } },
      { module: "astrology", field: "bodies.sun.sign", value: "pisces", themes: { intuition: 1 } },
      { module: "astrology", field: "bodies.sun.sign", value: "aries", themes: { leadership: 1 } },
    ],
  });
  const results = [
    { module: "numerology", data: { life_path: 7 } },
    { module: "human_design", data: { authority: "Splenic", defined_centers: ["ajna", "throat"] } },
    { module: "astrology", data: { bodies: [{ name: "sun", sign: "pisces" }] } },
  ];

  test("sums the weights of matching rows and lists each support", () => {
    expect(themesOf(results, small)).toEqual([
      {
        name: "intuition",
        weight: 2.6,
        systems: 3,
        supported_by: [
          { module: "numerology", field: "life_path", value: 7, weight: 0.6 },
          { module: "human_design", field: "authority", value: "Splenic", weight: 1 },
          { module: "astrology", field: "bodies.sun.sign", value: "pisces", weight: 1 },
        ],
      },
      {
        name: "introspection",
        weight: 1.5,
        systems: 2,
        supported_by: [
          { module: "numerology", field: "life_path", value: 7, weight: 1 },
          { module: "human_design", field: "defined_centers", value: "ajna", weight: 0.5 },
        ],
      },
    ]);
  });

  test("a theme supported by one system only does not count, however heavy", () => {
    const oneSystem = [{ module: "astrology", data: { bodies: [{ name: "sun", sign: "aries" }] } }, { module: "numerology", data: { life_path: 7 } }];
    expect(themesOf(oneSystem, small)).toEqual([]);
  });
});

describe("synthesize over real module outputs", () => {
  // DESIGN.md §3 example birth data.
  const birth = BirthDataSchema.parse({ name: "Albert Einstein", date: "1879-03-14", time: "11:30", utc_offset: "+00:40", latitude: 48.4011, longitude: 9.9876 });
  const now = new Date("2026-03-01T12:00:00.000Z");
  const calculators: CalculationModule[] = [numerologyModule, humanDesignModule, astrologyModule];
  const outputs = calculators.map((module) => runCalculation(module, birth, configDefaults(module), 0, now));
  const hypotheses: Hypothesis[] = [
    { id: "h1", user_id: "u", type: "cyclical_pattern", claim: "mood is lower in the full quarter", status: "confirmed", confidence: 0.9, evidence: [], finding_id: null, created_at: now.toISOString(), updated_at: now.toISOString() },
    { id: "h2", user_id: "u", type: "temporal_pattern", claim: "x", status: "testing", confidence: 0.6, evidence: [], finding_id: null, created_at: now.toISOString(), updated_at: now.toISOString() },
  ];
  const synthesis = synthesize({ results: outputs, registered: ["numerology", "human_design", "astrology", "lunar"], hypotheses }, config);

  test("every theme names at least two supporting systems, and the default table finds some", () => {
    expect(SynthesisCoreSchema.parse(synthesis)).toEqual(synthesis);
    expect(synthesis.themes.length).toBeGreaterThan(0);
    for (const theme of synthesis.themes) expect(new Set(theme.supported_by.map((s) => s.module)).size).toBeGreaterThanOrEqual(2);
  });

  test("each support is true of the module's output", () => {
    for (const theme of synthesis.themes) {
      for (const support of theme.supported_by) {
        const output = outputs.find((o) => o.module === support.module);
        expect(valuesAt(output?.data, support.field)).toContain(support.value);
      }
    }
  });

  test("highlights, coverage and confirmed hypotheses", () => {
    const field = (module: string, name: string) => synthesis.highlights[module]?.fields.find((f) => f.field === name)?.value;
    expect(field("astrology", "bodies.sun.sign")).toBe("pisces");
    expect(field("numerology", "life_path")).toBe(outputs[0]?.data.life_path);
    expect(field("human_design", "type")).toBe(outputs[1]?.data.type);
    expect(synthesis.highlights.numerology?.insights.length).toBeLessThanOrEqual(3);
    expect(synthesis.coverage).toMatchObject({ done: ["numerology", "human_design", "astrology"], pending: ["lunar"], registered: 4, ratio: 0.75 });
    expect(synthesis.coverage.confidence).toBeCloseTo(0.95 * 0.75, 12);
    expect(synthesis.confirmed_hypotheses).toEqual([{ id: "h1", claim: "mood is lower in the full quarter", confidence: 0.9 }]);
  });

  test("with nothing registered the coverage confidence is the original's 0.5", () => {
    expect(synthesize({ results: [], registered: [] }, config).coverage).toMatchObject({ ratio: 0, confidence: 0.5 });
  });
});

describe("config", () => {
  test("the default table is valid and needs two systems", () => {
    expect(config.min_systems).toBe(2);
    expect(config.rules.length).toBeGreaterThan(50);
    expect(ThemesConfigSchema.safeParse({ min_systems: 1 }).success).toBe(false);
  });
});
