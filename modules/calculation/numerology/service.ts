import { isVowel, letterValue, nameParts } from "./letters.ts";
import { PositionSchema } from "./schemas.ts";
import type {
  KarmicDebtNumber,
  LetterSystem,
  LifePathMethod,
  NameMethod,
  NumerologyConfig,
  NumerologyData,
  Position,
} from "./schemas.ts";

/** A number and the steps that led to it: `chain[0]` is the first total, the last entry the result. */
export interface Reduction {
  value: number;
  chain: number[];
}

export const KARMIC_DEBT_NUMBERS: readonly KarmicDebtNumber[] = [13, 14, 16, 19];

function digitSum(n: number): number {
  let sum = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10)) sum += rest % 10;
  return sum;
}

/**
 * Adds digits until one digit is left or a master number is reached.
 *
 * @param n a non-negative integer
 * @param masters master numbers that stop the reduction (`[]` reduces every number to 1–9)
 */
export function reduce(n: number, masters: readonly number[]): Reduction {
  const chain = [n];
  let value = n;
  while (value > 9 && !masters.includes(value)) {
    value = digitSum(value);
    chain.push(value);
  }
  return { value, chain };
}

/** A calendar date as written, whatever the calendar. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/**
 * Life path from the birth date as written. With `components`, month, day and year are each reduced
 * (masters kept) and the chain starts at their sum; with `all_digits` it starts at the sum of every digit.
 * Paul McCartney, 1942-06-18: components 6 + 9 + 7 = 22; all digits 31 → 4.
 */
export function lifePath(date: DateParts, method: LifePathMethod, masters: readonly number[]): Reduction {
  const total =
    method === "components"
      ? reduce(date.month, masters).value + reduce(date.day, masters).value + reduce(date.year, masters).value
      : digitSum(date.month) + digitSum(date.day) + digitSum(date.year);
  return reduce(total, masters);
}

/** Birthday number: the day of the month reduced, masters kept (29 → 11, 22 stays 22). */
export function birthday(day: number, masters: readonly number[]): Reduction {
  return reduce(day, masters);
}

/** Maturity number: life path plus expression, reduced with masters kept. */
export function maturity(lifePathNumber: number, expressionNumber: number, masters: readonly number[]): Reduction {
  return reduce(lifePathNumber + expressionNumber, masters);
}

/**
 * Personal year (1–9) of a calendar year: birth month + birth day + that year, reduced without masters.
 * The year runs from 1 January, the calendar-year convention; a full reduction does not depend on how the
 * digits are grouped, so both life-path methods give the same personal year.
 */
export function personalYear(birth: Pick<DateParts, "month" | "day">, year: number): number {
  return reduce(birth.month + birth.day + year, []).value;
}

/** Name numbers of one name: every letter, vowels only, consonants only. */
export interface NameNumbers {
  expression: Reduction;
  soul_urge: Reduction;
  personality: Reduction;
}

export interface NameOptions {
  system: LetterSystem;
  masters: readonly number[];
  yIsVowel: boolean;
  method: NameMethod;
}

function nameNumber(parts: readonly string[], keep: (letter: string) => boolean, options: NameOptions): Reduction {
  const partTotals = parts.map((part) =>
    [...part].filter(keep).reduce((sum, letter) => sum + letterValue(letter, options.system), 0),
  );
  const total =
    options.method === "whole_name"
      ? partTotals.reduce((sum, t) => sum + t, 0)
      : partTotals.reduce((sum, t) => sum + reduce(t, options.masters).value, 0);
  return reduce(total, options.masters);
}

/**
 * Expression (all letters), soul urge (vowels) and personality (consonants) of a full name. A name without
 * vowels (or without consonants) gets 0 for that number: nothing was added.
 *
 * @throws ValidationError with path `name` when the name has no readable letters (see `nameParts`)
 */
export function nameNumbers(name: string, options: NameOptions): NameNumbers {
  const parts = nameParts(name);
  const vowel = (letter: string): boolean => isVowel(letter, options.yIsVowel);
  return {
    expression: nameNumber(parts, () => true, options),
    soul_urge: nameNumber(parts, vowel, options),
    personality: nameNumber(parts, (letter) => !vowel(letter), options),
  };
}

/**
 * Karmic debt numbers carried by a chart. Life path, expression, soul urge and personality carry one when
 * their reduction chain passes through 13, 14, 16 or 19 (`[58, 13, 4]` is a 13/4); the birthday when the
 * day of the month itself is 13, 14, 16 or 19. The month, day and year components of the life path and the
 * maturity number are not checked, following the usual core-number reading.
 */
export function karmicDebts(
  chains: Pick<Record<Position, Reduction>, "life_path" | "expression" | "soul_urge" | "personality" | "birthday">,
): { position: Position; number: KarmicDebtNumber }[] {
  const found: { position: Position; number: KarmicDebtNumber }[] = [];
  const positions = ["life_path", "expression", "soul_urge", "personality", "birthday"] as const;
  for (const position of positions) {
    // A day of the month (1–31) can only reach 13, 14, 16 or 19 as the day itself, so one rule serves all.
    for (const debt of KARMIC_DEBT_NUMBERS) {
      if (chains[position].chain.includes(debt)) found.push({ position, number: debt });
    }
  }
  return found;
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * The whole numerology chart of a full birth name and a birth date as written.
 *
 * @param now the instant whose UTC calendar year gives the personal year
 * @throws ValidationError with path `name` when the name has no readable letters
 */
export function numerologyChart(name: string, date: DateParts, config: NumerologyConfig, now: Date): NumerologyData {
  const masters = config.master_numbers;
  const names = nameNumbers(name, {
    system: config.system,
    masters,
    yIsVowel: config.y_is_vowel,
    method: config.name_method,
  });
  const life = lifePath(date, config.life_path_method, masters);
  const chains: Record<Position, Reduction> = {
    life_path: life,
    expression: names.expression,
    soul_urge: names.soul_urge,
    personality: names.personality,
    birthday: birthday(date.day, masters),
    maturity: maturity(life.value, names.expression.value, masters),
  };
  const masterPositions = PositionSchema.options
    .filter((position) => masters.includes(chains[position].value))
    .map((position) => ({ position, number: chains[position].value }));
  const debtPositions = karmicDebts(chains);
  const forDate = utcDate(now);
  const year = now.getUTCFullYear();
  return {
    system: config.system,
    life_path_method: config.life_path_method,
    name_method: config.name_method,
    y_is_vowel: config.y_is_vowel,
    life_path: chains.life_path.value,
    expression: chains.expression.value,
    soul_urge: chains.soul_urge.value,
    personality: chains.personality.value,
    birthday: chains.birthday.value,
    maturity: chains.maturity.value,
    master_numbers: distinctAscending(masterPositions.map((entry) => entry.number)),
    master_number_positions: masterPositions,
    karmic_debt: distinctAscending(debtPositions.map((entry) => entry.number)),
    karmic_debt_positions: debtPositions,
    personal_year: { number: personalYear(date, year), year, for_date: forDate },
    reductions: {
      life_path: chains.life_path.chain,
      expression: chains.expression.chain,
      soul_urge: chains.soul_urge.chain,
      personality: chains.personality.chain,
      birthday: chains.birthday.chain,
      maturity: chains.maturity.chain,
    },
  };
}

function distinctAscending<T extends number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
