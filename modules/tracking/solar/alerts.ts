import { z } from "zod";
import { NoaaTimeSchema, parseRows, toRecords } from "./noaa-json.ts";
import type { SolarAlert } from "./schemas.ts";

const AlertRowSchema = z.looseObject({
  product_id: z.string(),
  issue_datetime: NoaaTimeSchema,
  message: z.string(),
});

const HEADLINE = /^(ALERT|WARNING|WATCH|SUMMARY|CANCEL WARNING|EXTENDED WARNING|CANCEL WATCH):\s*(.*)$/i;

function field(lines: string[], name: RegExp): string | null {
  for (const line of lines) {
    const match = name.exec(line);
    if (match?.[1] !== undefined) return match[1].trim();
  }
  return null;
}

/**
 * Parses `products/alerts.json`. Message lines end in `\r\n` or `\n` (both occur in one message) and the scale
 * line is spelt `NOAA Scale:` or `Noaa Scale:`, so both are accepted.
 */
export function parseAlerts(payload: unknown): SolarAlert[] {
  const product = "alerts";
  const rows = parseRows(AlertRowSchema, toRecords(payload, product), product);
  return rows.map((row) => {
    const lines = row.message.split(/\r?\n/).map((line) => line.trim());
    const serial = field(lines, /^Serial Number:\s*(\d+)/i);
    const headlineLine = lines.find((line) => HEADLINE.test(line));
    const headline = headlineLine ? HEADLINE.exec(headlineLine) : null;
    return {
      product_id: row.product_id,
      issued: row.issue_datetime,
      code: field(lines, /^Space Weather Message Code:\s*(\S+)/i),
      serial: serial === null ? null : Number(serial),
      type: headline?.[1]?.toUpperCase() ?? null,
      headline: headline?.[2]?.trim() ?? null,
      scale: field(lines, /^NOAA Scale:\s*([GRS]\d)/i),
      message: row.message,
    };
  });
}
