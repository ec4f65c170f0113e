import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../../core/errors.ts";
import { isVowel, letterValue, nameParts } from "../letters.ts";
import { nameNumbers } from "../service.ts";
import type { NameOptions } from "../service.ts";

// Published tables, restated letter by letter.
// Pythagorean: test/fixtures/reference/calculation-notes.md ("1 AJS, 2 BKT, … 9 IR"), the same table as
// Caryyon/numerology README.md @ d6d304c.
const PYTHAGOREAN_TABLE = "A1 B2 C3 D4 E5 F6 G7 H8 I9 J1 K2 L3 M4 N5 O6 P7 Q8 R9 S1 T2 U3 V4 W5 X6 Y7 Z8";
// Chaldean: numrolab.com/articles/chaldean-numerology-chart ("Full Alphabet Reference"); the same grouping
// (1 AIJQY, 2 BKR, 3 CGLS, 4 DMT, 5 EHNX, 6 UVW, 7 OZ, 8 FP, no 9) is given by
// chaldean-numerology-calculator.com/methodology and inpurespirit.com/325/chaldean-numerology/.
const CHALDEAN_TABLE = "A1 B2 C3 D4 E5 F8 G3 H5 I1 J1 K2 L3 M4 N5 O7 P8 Q1 R2 S3 T4 U6 V6 W6 X5 Y1 Z7";

function entries(table: string): [string, number][] {
  return table.split(" ").map((pair) => [pair.slice(0, 1), Number(pair.slice(1))]);
}

describe("letter tables", () => {
  test("the Pythagorean table covers A–Z as published", () => {
    const rows = entries(PYTHAGOREAN_TABLE);
    expect(rows).toHaveLength(26);
    for (const [letter, value] of rows) expect([letter, letterValue(letter, "pythagorean")]).toEqual([letter, value]);
  });

  test("the Chaldean table covers A–Z as published, with no letter worth 9", () => {
    const rows = entries(CHALDEAN_TABLE);
    expect(rows).toHaveLength(26);
    for (const [letter, value] of rows) expect([letter, letterValue(letter, "chaldean")]).toEqual([letter, value]);
  });

  test("anything but one upper-case letter A–Z is refused", () => {
    expect(() => letterValue("a", "pythagorean")).toThrow(RangeError);
    expect(() => letterValue("É", "chaldean")).toThrow(RangeError);
  });

  test("Y is a vowel only when configured", () => {
    expect("AEIOUY".split("").map((l) => isVowel(l, false))).toEqual([true, true, true, true, true, false]);
    expect(isVowel("Y", true)).toBe(true);
    expect(isVowel("W", true)).toBe(false);
  });
});

describe("reading a name", () => {
  test("diacritics are removed and case ignored", () => {
    expect(nameParts("José Ñúñez Zoë")).toEqual(["JOSE", "NUNEZ", "ZOE"]);
  });

  test("hyphens, apostrophes, dots and digits are ignored; spaces split the parts", () => {
    expect(nameParts("  Jean-Luc  O'Brien Jr. 3rd ")).toEqual(["JEANLUC", "OBRIEN", "JR", "RD"]);
  });

  test("letters without a decomposition are spelled out", () => {
    expect(nameParts("Strauß Æsa Søren Łukasz Þór Œdipe")).toEqual(["STRAUSS", "AESA", "SOREN", "LUKASZ", "THOR", "OEDIPE"]);
  });

  const options: NameOptions = { system: "pythagorean", masters: [11, 22, 33], yIsVowel: false, method: "whole_name" };

  test("an accented spelling gives the same numbers as the plain one", () => {
    expect(nameNumbers("Zoë Saldaña-Nazario", options)).toEqual(nameNumbers("Zoe Saldana Nazario", options));
  });

  function issuesOf(run: () => unknown): { path: string; message: string }[] {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) return error.issues.map(({ path, message }) => ({ path, message }));
      throw error;
    }
    throw new Error("expected a ValidationError");
  }

  test("a name with no letters is a ValidationError on `name`", () => {
    const issues = issuesOf(() => nameParts("-- 42 ."));
    expect(issues.map((i) => i.path)).toEqual(["name"]);
    expect(issues[0]?.message).toContain("no letters");
  });

  test("letters of another script are a ValidationError on `name`, not silently skipped", () => {
    const issues = issuesOf(() => nameParts("Лев Tolstoy"));
    expect(issues.map((i) => i.path)).toEqual(["name"]);
    expect(issues[0]?.message).toContain("Л");
  });
});
