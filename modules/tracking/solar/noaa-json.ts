import { z } from "zod";
import { parseOrThrow, ValidationError } from "../../../core/errors.ts";
import { isInstantInRange, MAX_YEAR, MIN_YEAR } from "../../../core/instant.ts";

/**
 * Replaces bare `NaN` / `Infinity` tokens outside strings, which some SWPC feeds emit (rtsw_wind_1m.json,
 * reported 2026-08-11) and which make `JSON.parse` reject the whole document, by `null`. One linear pass: a
 * regular expression over string literals backtracks quadratically on an unterminated string (a 1 MiB payload
 * held the event loop for seconds).
 */
export function replaceBareTokens(text: string): string {
  let out = "";
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92) i += 1; // backslash: the next character is escaped
      else if (char === 34) inString = false;
      continue;
    }
    if (char === 34) {
      inString = true;
      continue;
    }
    const start = char === 45 ? i + 1 : i; // an optional minus sign
    const token = text.startsWith("NaN", start) ? 3 : text.startsWith("Infinity", start) ? 8 : 0;
    if (token === 0) continue;
    const end = start + token;
    if (isWordChar(text.charCodeAt(i - 1)) || isWordChar(text.charCodeAt(end))) continue;
    out += `${text.slice(copiedTo, i)}null`;
    copiedTo = end;
    i = end - 1;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * Parses the text of a NOAA SWPC JSON product. Bare `NaN` tokens become `null` (a missing value, never a
 * made-up one); a truncated or otherwise invalid document throws a ValidationError naming the product. The
 * parser's own message is left out: it quotes the document, which is not ours to store or publish.
 */
export function parseNoaaText(text: string, product: string): unknown {
  const sanitised = replaceBareTokens(text);
  try {
    return JSON.parse(sanitised);
  } catch {
    const hint = sanitised.trim().length === 0 ? "empty body" : "truncated or invalid JSON";
    throw new ValidationError(`${product}: ${hint}`, [{ path: "(root)", message: hint }]);
  }
}

const HeaderTableSchema = z.tuple([z.array(z.string())], z.array(z.unknown()));

/**
 * Accepts both shapes SWPC has used: the legacy table whose first row holds the keys (before NWS SCN 26-21,
 * ~2026-03-31) and the plain array of objects. Returns one record per data row.
 */
export function toRecords(payload: unknown, product: string): Record<string, unknown>[] {
  if (!Array.isArray(payload)) {
    throw new ValidationError(`${product}: expected a JSON array`, [{ path: "(root)", message: "expected an array" }]);
  }
  // A product without rows is not a reading: refusing it keeps the previous readings (marked stale) instead
  // of replacing them with nothing marked fresh.
  if (payload.length === 0) throw noRows(product);
  if (!Array.isArray(payload[0])) return parseOrThrow(z.array(z.record(z.string(), z.unknown())), payload, product);
  const [header, ...rows] = parseOrThrow(HeaderTableSchema, payload, product);
  if (rows.length === 0) throw noRows(product);
  return rows.map((row) => Object.fromEntries(header.map((key, index) => [key, row[index] ?? null])));
}

function noRows(product: string): ValidationError {
  return new ValidationError(`${product}: no data rows`, [{ path: "(root)", message: "expected at least one data row" }]);
}

const ZONE_SUFFIX = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A SWPC `time_tag` as UTC ISO 8601. Kp, RTSW and legacy tags carry no zone and are UTC by definition; parsing
 * them as-is would use the host's zone, so `Z` is appended.
 */
export const NoaaTimeSchema = z.string().transform((tag, ctx) => {
  const trimmed = tag.trim().replace(" ", "T");
  const ms = Date.parse(ZONE_SUFFIX.test(trimmed) ? trimmed : `${trimmed}Z`);
  if (Number.isNaN(ms) || !isInstantInRange(new Date(ms))) {
    ctx.addIssue({ code: "custom", message: `expected a UTC time tag between ${MIN_YEAR} and ${MAX_YEAR}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** A measured value that legacy tables send as a string and newer feeds as a number; empty/NaN is missing. */
export const NoaaNumberSchema = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" || trimmed.toLowerCase() === "nan" ? null : Number(trimmed);
}, z.number().finite().nullable());

/**
 * A measured value within its physical range: a value outside it is a broken or forged feed, and the whole
 * payload is refused rather than clamped (clamping would invent a reading).
 */
export function noaaNumberIn(min: number, max: number) {
  return NoaaNumberSchema.pipe(z.number().min(min).max(max).nullable());
}

/** Validates every record with a row schema; the error names the offending row and field. */
export function parseRows<T>(schema: z.ZodType<T>, records: Record<string, unknown>[], product: string): T[] {
  return parseOrThrow(z.array(schema), records, product);
}

/** Ascending by ISO time; SWPC feeds differ in order (RTSW is newest-first), so nothing trusts the last row. */
export function byTime<T extends { time: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
