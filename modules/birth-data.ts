import { z } from "zod";
import { MAX_YEAR, MIN_YEAR } from "../core/instant.ts";

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
/** Labels are text for people: control characters (NUL among them, which some stores cannot keep) are refused. */
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
const OFFSET_PATTERN = /^[+-](0\d|1[0-4]):([0-5]\d)$/;

/** Year range in which every calculation module promises a result (DESIGN.md §3): the one range of instants. */
export { MAX_YEAR, MIN_YEAR } from "../core/instant.ts";

function isValidCalendarDate(year: number, month: number, day: number, calendar: "gregorian" | "julian"): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = calendar === "julian" ? year % 4 === 0 : (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/** Zone names already checked; bounded, since the names come from clients. */
const checkedZones = new Map<string, boolean>();
const MAX_CHECKED_ZONES = 1024;

function isKnownTimeZone(name: string): boolean {
  const known = checkedZones.get(name);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    valid = true;
  } catch {
    valid = false;
  }
  if (checkedZones.size >= MAX_CHECKED_ZONES) checkedZones.clear();
  checkedZones.set(name, valid);
  return valid;
}

/**
 * Birth data, the input of every calculation (DESIGN.md §3). `date` and `time` are local clock values in
 * the given calendar; `utc_offset` wins over `timezone` when both are given.
 */
export const BirthDataSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).regex(NO_CONTROL_CHARACTERS, "control characters are not allowed").optional(),
    date: z
      .string()
      .regex(DATE_PATTERN, "expected YYYY-MM-DD")
      .refine((date) => {
        const [, month, day] = date.split("-").map(Number) as [number, number, number];
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
      }, "no such month or day"),
    time: z.string().regex(TIME_PATTERN, "expected HH:MM or HH:MM:SS (24-hour clock)").optional(),
    timezone: z.string().min(1).max(64).refine(isKnownTimeZone, "unknown IANA time zone").optional(),
    utc_offset: z.string().regex(OFFSET_PATTERN, "expected ±HH:MM").optional(),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    place: z.string().max(200).regex(NO_CONTROL_CHARACTERS, "control characters are not allowed").optional(),
    calendar: z.enum(["gregorian", "julian"]).default("gregorian"),
  })
  .superRefine((birth, ctx) => {
    const match = DATE_PATTERN.exec(birth.date);
    if (match) {
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (!isValidCalendarDate(year, month, day, birth.calendar)) {
        ctx.addIssue({ code: "custom", path: ["date"], message: `no such day in the ${birth.calendar} calendar` });
      } else if (year < MIN_YEAR || year > MAX_YEAR) {
        ctx.addIssue({ code: "custom", path: ["date"], message: `year must be between ${MIN_YEAR} and ${MAX_YEAR}` });
      }
    }
    if (birth.time !== undefined && birth.timezone === undefined && birth.utc_offset === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["timezone"],
        message: "a birth time needs a timezone (IANA name) or a utc_offset",
      });
    }
  });

export type BirthData = z.output<typeof BirthDataSchema>;
export type BirthDataInput = z.input<typeof BirthDataSchema>;

/** Splits the `date` field into numbers; the schema guarantees the pattern. */
export function dateParts(birth: Pick<BirthData, "date">): { year: number; month: number; day: number } {
  const [year, month, day] = birth.date.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}
