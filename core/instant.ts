import { ValidationError } from "./errors.ts";

/**
 * The one range of years GUTTERS accepts for any instant it computes with: birth dates, `at`, history windows.
 * It is the range in which every calculation module promises a result (DESIGN.md §3); outside it the
 * ephemeris searches run for seconds to minutes, so a request beyond it is refused at the door.
 */
export const MIN_YEAR = 1500;
export const MAX_YEAR = 2200;

const MIN_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_MS = Date.UTC(MAX_YEAR + 1, 0, 1) - 1;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether an instant lies in the accepted range (both ends included). */
export function isInstantInRange(instant: Date): boolean {
  const ms = instant.getTime();
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;
}

/** Throws a 400 naming `field` when the instant is outside the accepted range. */
export function assertInstantInRange(instant: Date, field: string): Date {
  if (!isInstantInRange(instant)) {
    throw new ValidationError(`${field} must lie between ${MIN_YEAR} and ${MAX_YEAR}`, [
      { path: field, message: `expected a year from ${MIN_YEAR} to ${MAX_YEAR}` },
    ]);
  }
  return instant;
}

/**
 * Parses an optional ISO 8601 instant from a query string, an MQTT request or a CLI flag. Undefined or empty →
 * undefined; anything else must be an ISO instant in the accepted range, or a 400 names the field. The value
 * itself is not echoed: a client error never repeats what was sent.
 */
export function parseInstant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined || value === "") return undefined;
  const time = value.length <= 40 && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ValidationError(`${field} must be an ISO 8601 instant`, [{ path: field, message: "expected e.g. 2026-11-26T12:00:00Z" }]);
  }
  return assertInstantInRange(new Date(time), field);
}
