import { ValidationError } from "../../../core/errors.ts";
import type { LetterSystem } from "./schemas.ts";

/** Letters grouped by value; index 0 holds the letters worth 1. */
const GROUPS: Record<LetterSystem, readonly string[]> = {
  // A=1 … I=9, J=1 … R=9, S=1 … Z=8.
  pythagorean: ["AJS", "BKT", "CLU", "DMV", "ENW", "FOX", "GPY", "HQZ", "IR"],
  // No letter is worth 9 in the Chaldean table.
  chaldean: ["AIJQY", "BKR", "CGLS", "DMT", "EHNX", "UVW", "OZ", "FP"],
};

function tableOf(groups: readonly string[]): ReadonlyMap<string, number> {
  const table = new Map<string, number>();
  groups.forEach((letters, index) => {
    for (const letter of letters) table.set(letter, index + 1);
  });
  return table;
}

const TABLES: Record<LetterSystem, ReadonlyMap<string, number>> = {
  pythagorean: tableOf(GROUPS.pythagorean),
  chaldean: tableOf(GROUPS.chaldean),
};

/** Value of an upper-case Latin letter A–Z in the given table. */
export function letterValue(letter: string, system: LetterSystem): number {
  const value = TABLES[system].get(letter);
  if (value === undefined) throw new RangeError(`not a letter A–Z: ${JSON.stringify(letter)}`);
  return value;
}

/**
 * Latin letters that do not decompose into a base letter plus marks under Unicode normalisation, written
 * the way they are usually transliterated.
 */
const LIGATURES: Readonly<Record<string, string>> = {
  ß: "SS",
  ẞ: "SS",
  Æ: "AE",
  Œ: "OE",
  Ø: "O",
  Ł: "L",
  Đ: "D",
  Ð: "D",
  Þ: "TH",
  Ħ: "H",
  ı: "I",
};

const ASCII_WORD = /^[\x21-\x7e]*$/;
const NOT_ASCII_LETTER = /[^A-Za-z]/g;

/**
 * The parts of a name (split on white space) as upper-case letters A–Z: diacritics removed (é → E, ñ → N),
 * ligatures spelled out (ß → SS, Æ → AE), everything that is not a letter (hyphens, apostrophes, dots,
 * digits) dropped. Letters of other scripts have no value in either table, so they are refused rather than
 * silently skipped: the name should be given transliterated.
 *
 * @throws ValidationError with path `name` when a letter cannot be read or no letter is left.
 */
export function nameParts(name: string): string[] {
  const unreadable = new Set<string>();
  const parts: string[] = [];
  for (const word of name.split(/\s+/u)) {
    // Most names are plain ASCII: keep their letters directly, without normalising character by character.
    if (ASCII_WORD.test(word)) {
      const part = word.replace(NOT_ASCII_LETTER, "").toUpperCase();
      if (part.length > 0) parts.push(part);
      continue;
    }
    let part = "";
    for (const char of word.normalize("NFKD").replace(/\p{M}/gu, "")) {
      if (!/\p{L}/u.test(char)) continue;
      const upper = (LIGATURES[char] ?? LIGATURES[char.toUpperCase()] ?? char).toUpperCase();
      if (/^[A-Z]+$/.test(upper)) part += upper;
      else unreadable.add(char);
    }
    if (part.length > 0) parts.push(part);
  }
  if (unreadable.size > 0) {
    const list = [...unreadable].join(" ");
    throw new ValidationError(`the name has letters outside the Latin alphabet (${list})`, [
      { path: "name", message: `letters outside the Latin alphabet (${list}) have no numerology value; give the name transliterated` },
    ]);
  }
  if (parts.length === 0) {
    throw new ValidationError("the name has no letters", [
      { path: "name", message: "numerology needs the full birth name, and this one has no letters" },
    ]);
  }
  return parts;
}

/** Whether a letter A–Z counts as a vowel for the soul urge; Y only when the school says so. */
export function isVowel(letter: string, yIsVowel: boolean): boolean {
  return "AEIOU".includes(letter) || (yIsVowel && letter === "Y");
}
