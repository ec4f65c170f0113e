import type { FieldIssue } from "../core/errors.ts";
import type { BirthData } from "../modules/birth-data.ts";

/** Values shorter than this are left alone: replacing "1" or "ab" everywhere would garble the message. */
const MIN_LENGTH = 3;

/**
 * Removes a person's birth values (name and each of its words, date, time, place, zone, offset) from an error
 * text. Our own errors name fields, not values; this is the last guard for an error a module throws that
 * quotes its input, before the error is stored and published as `module.error`.
 */
export function redactBirthValues(text: string, birth: BirthData): string {
  const values = [birth.name, ...(birth.name?.split(/\s+/) ?? []), birth.date, birth.time, birth.place, birth.timezone, birth.utc_offset]
    .filter((value): value is string => value !== undefined && value.length >= MIN_LENGTH)
    .sort((a, b) => b.length - a.length);
  let redacted = text;
  for (const value of values) redacted = redacted.split(value).join("[redacted]");
  return redacted;
}

/** The same for an error body: message and every issue message. */
export function redactErrorBody<T extends { message: string; issues?: FieldIssue[] }>(body: T, birth: BirthData): T {
  return {
    ...body,
    message: redactBirthValues(body.message, birth),
    ...(body.issues ? { issues: body.issues.map((issue) => ({ ...issue, message: redactBirthValues(issue.message, birth) })) } : {}),
  };
}
