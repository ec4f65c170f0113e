import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../../core/errors.ts";
import { BirthDataSchema } from "../../../birth-data.ts";
import type { BirthDataInput } from "../../../birth-data.ts";
import { configDefaults, ModuleOutputSchema } from "../../../contract.ts";
import { numerologyModule } from "../module.ts";
import type { NumerologyConfig } from "../schemas.ts";

const NOW = new Date("2026-03-01T12:00:00.000Z");

// num-norman-gene-macdonald (Michael-Sebero/Numerology-Calculator README.md @ 8a2ce0a): life path 6,
// expression 11, soul urge 7, personality 4.
const MACDONALD: BirthDataInput = { name: "Norman Gene Macdonald", date: "1959-10-17", latitude: 0, longitude: 0 };

function run(input: BirthDataInput, config: Partial<NumerologyConfig> = {}, now = NOW) {
  return numerologyModule.calculate(BirthDataSchema.parse(input), numerologyModule.config.parse(config), { now });
}

describe("config", () => {
  test("defaults: Pythagorean, masters 11/22/33, component life path, whole name, Y a consonant", () => {
    expect(configDefaults(numerologyModule)).toEqual({
      system: "pythagorean",
      master_numbers: [11, 22, 33],
      life_path_method: "components",
      name_method: "whole_name",
      y_is_vowel: false,
    });
  });

  test("a stored row only needs the fields it changes", () => {
    expect(numerologyModule.config.parse({ system: "chaldean" })).toMatchObject({ system: "chaldean", y_is_vowel: false });
  });

  test("bad values are refused, naming the field", () => {
    const paths = (value: unknown) =>
      numerologyModule.config.safeParse(value).error?.issues.map((issue) => issue.path.join(".")) ?? [];
    expect(paths({ system: "kabbalah" })).toEqual(["system"]);
    expect(paths({ master_numbers: [11, 12] })).toEqual(["master_numbers.1"]);
    expect(paths({ master_numbers: [11, 11] })).toEqual(["master_numbers"]);
    expect(paths({ life_path_method: "sum" })).toEqual(["life_path_method"]);
    expect(paths({ y_is_vowel: "yes" })).toEqual(["y_is_vowel"]);
  });
});

describe("calculate", () => {
  test("the reference case with default config, output valid against the data schema", () => {
    const result = run(MACDONALD);
    expect(numerologyModule.data.parse(result.data)).toEqual(result.data);
    expect(result.data).toMatchObject({
      life_path: 6,
      expression: 11,
      soul_urge: 7,
      personality: 4,
      system: "pythagorean",
      life_path_method: "components",
    });
    // By hand: birthday 17 → 8; maturity 6 + 11 = 17 → 8; personal year 10 + 17 + 2026 → 1 + 8 + 1 = 10 → 1.
    expect(result.data.birthday).toBe(8);
    expect(result.data.maturity).toBe(8);
    expect(result.data.master_numbers).toEqual([11]);
    expect(result.data.master_number_positions).toEqual([{ position: "expression", number: 11 }]);
    expect(result.data.karmic_debt).toEqual([13]);
    expect(result.data.karmic_debt_positions).toEqual([{ position: "personality", number: 13 }]);
    expect(result.data.personal_year).toEqual({ number: 1, year: 2026, for_date: "2026-03-01" });
    expect(result.confidence).toBe(1);
    expect(result.accuracy).toBe("full");
  });

  test("the output becomes a valid module contribution", () => {
    const result = run(MACDONALD);
    const output = {
      module: numerologyModule.name,
      layer: numerologyModule.layer,
      version: numerologyModule.version,
      data: result.data,
      insights: result.insights,
      metadata: {
        confidence: result.confidence,
        accuracy: result.accuracy,
        calculated_at: NOW.toISOString(),
        config_version: 0,
        notes: result.notes ?? [],
      },
    };
    expect(ModuleOutputSchema.safeParse(output).success).toBe(true);
  });

  test("life_path_method all_digits: Norman Gene Macdonald becomes 33 and is listed as a master number", () => {
    const data = run(MACDONALD, { life_path_method: "all_digits" }).data;
    expect(data.life_path).toBe(33);
    expect(data.life_path_method).toBe("all_digits");
    expect(data.master_number_positions).toContainEqual({ position: "life_path", number: 33 });
    expect(data.master_numbers).toContain(33);
    // By hand: maturity 33 + 11 = 44 → 8.
    expect(data.maturity).toBe(8);
  });

  // num-paul-mccartney-life-path (Caryyon/numerology README.md @ d6d304c): 22 by components.
  test("Paul McCartney: 22 by components, 4 by all digits", () => {
    const mccartney = { name: "James Paul McCartney", date: "1942-06-18", latitude: 0, longitude: 0 };
    expect(run(mccartney).data.life_path).toBe(22);
    expect(run(mccartney, { life_path_method: "all_digits" }).data.life_path).toBe(4);
  });

  test("master_numbers is honoured: without masters the expression 83 reduces to 2", () => {
    const data = run(MACDONALD, { master_numbers: [] }).data;
    expect(data.expression).toBe(2);
    expect(data.reductions.expression).toEqual([83, 11, 2]);
    expect(data.master_numbers).toEqual([]);
  });

  // Chaldean values from numrolab.com/articles/chaldean-numerology-chart. By hand:
  // NORMAN 5+7+2+4+1+5 = 24, GENE 3+5+5+5 = 18, MACDONALD 4+1+3+4+7+5+1+3+4 = 32; 74 → 11.
  // Vowels O7 A1 E5 E5 A1 O7 A1 = 27 → 9; consonants 74 − 27 = 47 → 11. The date does not change.
  test("system chaldean changes the name numbers, not the life path", () => {
    const data = run(MACDONALD, { system: "chaldean" }).data;
    expect([data.expression, data.soul_urge, data.personality]).toEqual([11, 9, 11]);
    expect(data.life_path).toBe(6);
    expect(data.system).toBe("chaldean");
  });

  // fitnessreporting.com/how-to-calculate-your-soul-urge-number/: Emily Jennifer Stone, Y a vowel → 6.
  test("y_is_vowel moves Y from the personality to the soul urge", () => {
    const emily = { name: "Emily Jennifer Stone", date: "1990-01-01", latitude: 0, longitude: 0 };
    expect(run(emily).data.soul_urge).toBe(8);
    const withY = run(emily, { y_is_vowel: true }).data;
    expect(withY.soul_urge).toBe(6);
    expect(withY.y_is_vowel).toBe(true);
  });

  test("the personal year follows the UTC date of `now`", () => {
    // 23:30 on 31 December 2025 at UTC−02:00 is already 1 January 2026 in UTC.
    const data = run(MACDONALD, {}, new Date("2025-12-31T23:30:00-02:00")).data;
    expect(data.personal_year.for_date).toBe("2026-01-01");
    expect(data.personal_year.year).toBe(2026);
    // By hand for 2025: 10 + 17 + 2025 → 1 + 8 + 9 = 18 → 9.
    expect(run(MACDONALD, {}, new Date("2025-12-31T12:00:00Z")).data.personal_year.number).toBe(9);
  });

  test("a missing name is a ValidationError on `name`", () => {
    const noName = { date: "1959-10-17", latitude: 0, longitude: 0 };
    let caught: unknown;
    try {
      run(noName);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual(["name"]);
    expect((caught as ValidationError).status).toBe(400);
  });

  test("a Julian date is used as written, with a note", () => {
    const julian = { ...MACDONALD, date: "1700-02-29", calendar: "julian" as const };
    const result = run(julian);
    // By hand: 2 + (2+9=11, kept) + (1+7+0+0=8) = 21 → 3; birthday 29 → 11.
    expect(result.data.life_path).toBe(3);
    expect(result.data.birthday).toBe(11);
    expect(result.notes?.some((note) => note.includes("Julian"))).toBe(true);
    expect(run(MACDONALD).notes?.some((note) => note.includes("Julian"))).toBe(false);
  });

  test("a name without vowels gets soul urge 0 and a note", () => {
    const result = run({ name: "Brynn Glynn", date: "1980-05-05", latitude: 0, longitude: 0 });
    expect(result.data.soul_urge).toBe(0);
    expect(result.notes).toContain("The name has no vowels, so the soul urge is 0.");
    expect(numerologyModule.data.safeParse(result.data).success).toBe(true);
  });

  test("insights are deterministic and name each core number and debt", () => {
    const first = run(MACDONALD).insights;
    expect(run(MACDONALD).insights).toEqual(first);
    expect(first[0]).toStartWith("Life path 6:");
    expect(first[1]).toStartWith("Expression 11:");
    expect(first.some((line) => line.startsWith("Karmic debt in the personality: 13/4"))).toBe(true);
    expect(first.at(-1)).toStartWith("Personal year 1 in 2026:");
  });

  test("a configured master number beyond 33 still gets an insight", () => {
    // By hand: all digits of 1959-10-17 give 33; with masters [11, 22, 33, 44] the maturity 33 + 11 = 44 stays.
    const result = run(MACDONALD, { life_path_method: "all_digits", master_numbers: [11, 22, 33, 44] });
    expect(result.data.maturity).toBe(44);
    expect(result.insights.find((line) => line.startsWith("Maturity 44:"))).toContain("master number 44");
  });
});
