import { z } from "zod";

/** Letter-to-number tables a name can be read with. */
export const LetterSystemSchema = z.enum(["pythagorean", "chaldean"]);
export type LetterSystem = z.infer<typeof LetterSystemSchema>;

/**
 * `components`: reduce month, day and year separately (masters kept), then add and reduce.
 * `all_digits`: add every digit of the date, then reduce. The two agree except where a master number
 * stops a reduction.
 */
export const LifePathMethodSchema = z.enum(["components", "all_digits"]);
export type LifePathMethod = z.infer<typeof LifePathMethodSchema>;

/**
 * `whole_name`: add the letters of the whole name, then reduce. `per_name`: reduce each part of the name
 * (split on spaces) on its own, masters kept, then add the parts and reduce. Both schools are published;
 * they differ only where a master or karmic-debt number shows up on the way.
 */
export const NameMethodSchema = z.enum(["whole_name", "per_name"]);
export type NameMethod = z.infer<typeof NameMethodSchema>;

/** A two-digit number whose digits are equal (11, 22, … 99): the only numbers schools call master numbers. */
function isRepdigit(n: number): boolean {
  return n >= 11 && n <= 99 && n % 11 === 0;
}

export const MasterNumbersSchema = z
  .array(z.int().refine(isRepdigit, "a master number is a two-digit number with equal digits (11, 22, … 99)"))
  .max(9)
  .refine((list) => new Set(list).size === list.length, "master numbers must not repeat");

export const NumerologyConfigSchema = z.object({
  system: LetterSystemSchema.default("pythagorean"),
  master_numbers: MasterNumbersSchema.default(() => [11, 22, 33]),
  life_path_method: LifePathMethodSchema.default("components"),
  name_method: NameMethodSchema.default("whole_name"),
  y_is_vowel: z.boolean().default(false),
});
export type NumerologyConfig = z.output<typeof NumerologyConfigSchema>;

/** Chart positions, in the order they are reported. */
export const PositionSchema = z.enum(["life_path", "expression", "soul_urge", "personality", "birthday", "maturity"]);
export type Position = z.infer<typeof PositionSchema>;

export const KarmicDebtNumberSchema = z.union([z.literal(13), z.literal(14), z.literal(16), z.literal(19)]);
export type KarmicDebtNumber = z.infer<typeof KarmicDebtNumberSchema>;

/** A core number: a single digit 1–9 or a configured master number. */
const CoreNumberSchema = z.int().min(1).max(99);

/** The reduction of one position, from the first total to the final number (`[83, 11]`, `[58, 13, 4]`). */
const ReductionChainSchema = z.array(z.int().nonnegative()).min(1);

export const NumerologyDataSchema = z.object({
  system: LetterSystemSchema,
  life_path_method: LifePathMethodSchema,
  name_method: NameMethodSchema,
  y_is_vowel: z.boolean(),
  life_path: CoreNumberSchema,
  expression: CoreNumberSchema,
  /** 0 when the name has no vowels. */
  soul_urge: z.int().min(0).max(99),
  /** 0 when the name has no consonants. */
  personality: z.int().min(0).max(99),
  birthday: CoreNumberSchema,
  maturity: CoreNumberSchema,
  /** The distinct master numbers among the final numbers, ascending (DESIGN.md §4). */
  master_numbers: z.array(CoreNumberSchema),
  /** Every position whose final number is one of the configured master numbers. */
  master_number_positions: z.array(z.object({ position: PositionSchema, number: CoreNumberSchema })),
  /** The distinct karmic debt numbers found, ascending (DESIGN.md §4). */
  karmic_debt: z.array(KarmicDebtNumberSchema),
  /** Every position whose reduction passes through 13, 14, 16 or 19 (see `karmicDebts`). */
  karmic_debt_positions: z.array(z.object({ position: PositionSchema, number: KarmicDebtNumberSchema })),
  /** Personal year (1–9) of the calendar year that contains `for_date`, the UTC date of the calculation. */
  personal_year: z.object({
    number: z.int().min(1).max(9),
    year: z.int(),
    for_date: z.iso.date(),
  }),
  reductions: z.record(PositionSchema, ReductionChainSchema),
});
export type NumerologyData = z.output<typeof NumerologyDataSchema>;
