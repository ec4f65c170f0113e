/** Calendar conversions for birth dates; all dates are civil dates (year, month 1–12, day 1–31). */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Julian Day Number of 1970-01-01 (the Unix epoch day). */
const UNIX_EPOCH_JDN = 2440588;
const MS_PER_DAY = 86_400_000;

/** Julian Day Number (integer, the day beginning at the preceding noon) of a Julian-calendar date. */
export function julianCalendarDayNumber({ year, month, day }: CivilDate): number {
  // Count years from March so that the leap day falls at the end of the counting year.
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
}

/** The proleptic Gregorian date of a Julian Day Number. */
export function gregorianDateOfDayNumber(jdn: number): CivilDate {
  const midnight = new Date((jdn - UNIX_EPOCH_JDN) * MS_PER_DAY);
  return { year: midnight.getUTCFullYear(), month: midnight.getUTCMonth() + 1, day: midnight.getUTCDate() };
}

/** Converts a Julian-calendar date to the same day in the proleptic Gregorian calendar (e.g. 1752-09-02 → 1752-09-13). */
export function julianToGregorian(date: CivilDate): CivilDate {
  return gregorianDateOfDayNumber(julianCalendarDayNumber(date));
}

export function formatCivilDate({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
