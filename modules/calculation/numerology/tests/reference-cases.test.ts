import { describe, expect, test } from "bun:test";
import { z } from "zod";
import reference from "../../../../test/fixtures/reference/cases.json";
import { NumerologyConfigSchema } from "../schemas.ts";
import { lifePath, nameNumbers } from "../service.ts";

// The numerology cases of the project's reference file; each names its own source (repo, path, commit).
const NumerologyCaseSchema = z.object({
  id: z.string(),
  kind: z.literal("numerology"),
  input: z.object({
    full_name: z.string().optional(),
    birth_date: z.iso.date(),
    masters: z.array(z.int()),
  }),
  expected: z.object({
    life_path: z.int(),
    expression: z.int().optional(),
    soul_urge: z.int().optional(),
    personality: z.int().optional(),
  }),
  source: z.object({ repo: z.string(), path: z.string(), commit: z.string() }),
  recomputed_here: z.object({ life_path_components: z.int(), life_path_all_digits: z.int() }).partial().optional(),
});

const cases = reference.cases
  .filter((entry) => entry.kind === "numerology")
  .map((entry) => NumerologyCaseSchema.parse(entry));

function parts(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

describe("reference cases (test/fixtures/reference/cases.json)", () => {
  test("the fixture holds the numerology cases", () => {
    expect(cases.map((c) => c.id)).toEqual(
      expect.arrayContaining(["num-norman-gene-macdonald", "num-paul-mccartney-life-path", "num-1992-12-15-life-path"]),
    );
  });

  // Every case states "reduce month, day, year separately then sum and reduce", Pythagorean, Y a consonant.
  for (const c of cases) {
    test(`${c.id}: published values (${c.source.repo} ${c.source.path} @ ${c.source.commit.slice(0, 7)})`, () => {
      const date = parts(c.input.birth_date);
      expect(lifePath(date, "components", c.input.masters).value).toBe(c.expected.life_path);
      if (c.input.full_name !== undefined) {
        const names = nameNumbers(c.input.full_name, {
          system: "pythagorean",
          masters: c.input.masters,
          yIsVowel: false,
          method: "whole_name",
        });
        expect(names.expression.value).toBe(c.expected.expression ?? Number.NaN);
        expect(names.soul_urge.value).toBe(c.expected.soul_urge ?? Number.NaN);
        expect(names.personality.value).toBe(c.expected.personality ?? Number.NaN);
      }
    });

    const allDigits = c.recomputed_here?.life_path_all_digits;
    if (allDigits !== undefined) {
      test(`${c.id}: the all-digits method gives the recomputed ${allDigits}`, () => {
        expect(lifePath(parts(c.input.birth_date), "all_digits", c.input.masters).value).toBe(allDigits);
      });
    }
  }

  test("the case masters match the module's default master numbers", () => {
    const defaults = NumerologyConfigSchema.parse({}).master_numbers;
    for (const c of cases) expect(c.input.masters).toEqual(defaults);
  });
});

describe("master-number traps: the two life-path methods", () => {
  // num-paul-mccartney-life-path (Caryyon/numerology README.md @ d6d304c), 1942-06-18.
  // By hand: components 6 + (1+8=9) + (1+9+4+2=16 → 7) = 22, a master, kept.
  //          all digits 1+9+4+2+0+6+1+8 = 31 → 4.
  test("Paul McCartney 1942-06-18: components 22, all digits 4", () => {
    const date = { year: 1942, month: 6, day: 18 };
    expect(lifePath(date, "components", [11, 22, 33])).toEqual({ value: 22, chain: [22] });
    expect(lifePath(date, "all_digits", [11, 22, 33])).toEqual({ value: 4, chain: [31, 4] });
  });

  // num-norman-gene-macdonald (Michael-Sebero/Numerology-Calculator README.md @ 8a2ce0a), 1959-10-17.
  // By hand: components (1+0=1) + (1+7=8) + (1+9+5+9=24 → 6) = 15 → 6.
  //          all digits 1+9+5+9+1+0+1+7 = 33, a master, kept.
  test("Norman Gene Macdonald 1959-10-17: components 6, all digits 33", () => {
    const date = { year: 1959, month: 10, day: 17 };
    expect(lifePath(date, "components", [11, 22, 33])).toEqual({ value: 6, chain: [15, 6] });
    expect(lifePath(date, "all_digits", [11, 22, 33])).toEqual({ value: 33, chain: [33] });
  });

  // With no master numbers configured both methods fall to the digital root.
  test("without master numbers both methods agree", () => {
    expect(lifePath({ year: 1942, month: 6, day: 18 }, "components", []).value).toBe(4);
    expect(lifePath({ year: 1959, month: 10, day: 17 }, "all_digits", []).value).toBe(6);
  });
});
