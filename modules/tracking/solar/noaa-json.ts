import { z } from "zod";
import { parseOrThrow, ValidationError } from "../../../core/errors.ts";

/**
 * Bare `NaN` / `Infinity` tokens outside strings, which some SWPC feeds emit (rtsw_wind_1m.json, reported
 * 2026-08-11) and which make `JSON.parse` reject the whole document. The alternation skips string literals
 * so a token inside a message text is left alone.
 */
const BARE_TOKEN = /"(?:[^"\\]|\\.)*"|\b-?(?:NaN|Infinity)\b/g;

/**
 * Parses the text of a NOAA SWPC JSON product. Bare `NaN` tokens become `null` (a missing value, never a
 * made-up one); a truncated or otherwise invalid document throws a ValidationError naming the product.
 */
export function parseNoaaText(text: string, product: string): unknown {
  const sanitised = text.replace(BARE_TOKEN, (match) => (match.startsWith('"') ? match : "null"));
  try {
    return JSON.parse(sanitised);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = sanitised.trim().length === 0 ? "empty body" : "truncated or invalid JSON";
    throw new ValidationError(`${product}: ${hint} (${reason})`, [{ path: "(root)", message: hint }]);
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
  if (payload.length === 0) return [];
  if (!Array.isArray(payload[0])) return parseOrThrow(z.array(z.record(z.string(), z.unknown())), payload, product);
  const [header, ...rows] = parseOrThrow(HeaderTableSchema, payload, product);
  return rows.map((row) => Object.fromEntries(header.map((key, index) => [key, row[index] ?? null])));
}

const ZONE_SUFFIX = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A SWPC `time_tag` as UTC ISO 8601. Kp, RTSW and legacy tags carry no zone and are UTC by definition; parsing
 * them as-is would use the host's zone, so `Z` is appended.
 */
export const NoaaTimeSchema = z.string().transform((tag, ctx) => {
  const trimmed = tag.trim().replace(" ", "T");
  const ms = Date.parse(ZONE_SUFFIX.test(trimmed) ? trimmed : `${trimmed}Z`);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: "custom", message: `not a time tag: ${tag}` });
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

/** Validates every record with a row schema; the error names the offending row and field. */
export function parseRows<T>(schema: z.ZodType<T>, records: Record<string, unknown>[], product: string): T[] {
  return parseOrThrow(z.array(schema), records, product);
}

/** Ascending by ISO time; SWPC feeds differ in order (RTSW is newest-first), so nothing trusts the last row. */
export function byTime<T extends { time: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
