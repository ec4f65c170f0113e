/**
 * `--format text`: the same result as the JSON, for a person. A module output becomes a title, its insights,
 * its key values and a table per list of records (bodies, activations, houses, aspects, events); notes last.
 */

type Scalar = string | number | boolean | null;
type Row = Record<string, unknown>;

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/;
/** Columns a person looks for first when a record has them. */
const LEADING = ["name", "type", "time", "body", "number", "a", "b", "gate", "line"];
const MAX_COLUMNS = 10;

const isScalar = (value: unknown): value is Scalar => value === null || ["string", "number", "boolean"].includes(typeof value);
const isRecord = (value: unknown): value is Row => typeof value === "object" && value !== null && !Array.isArray(value);

function scalarText(value: Scalar | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return String(value);
    // Two decimals read well in a table; small values (speeds, orbs under 1°) keep a third.
    return String(Number(value.toFixed(Math.abs(value) >= 1 ? 2 : 3)));
  }
  const instant = ISO_INSTANT.exec(value);
  return instant ? `${instant[1]} ${instant[2]}Z` : value;
}

/** A value in one cell or one line: scalars as they are, small records and lists inline. */
function inline(value: unknown): string {
  if (value === undefined || isScalar(value)) return scalarText(value);
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map(inline).join(", ");
  if (isRecord(value)) {
    return Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .map(([key, inner]) => `${key} ${inline(inner)}`)
      .join("; ");
  }
  return String(value);
}

const flatRecord = (value: unknown): value is Row => isRecord(value) && Object.values(value).every((inner) => isScalar(inner) || (Array.isArray(inner) && inner.every(isScalar)));

function table(rows: Row[]): string[] {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => rows.some((row) => row[key] !== null && row[key] !== undefined));
  keys.sort((a, b) => rank(a) - rank(b));
  const columns = keys.slice(0, MAX_COLUMNS);
  const cells = rows.map((row) => columns.map((key) => inline(row[key])));
  const widths = columns.map((key, index) => Math.max(key.length, ...cells.map((line) => (line[index] ?? "").length)));
  const render = (line: string[]) => line.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join("  ").trimEnd();
  return [render(columns), render(widths.map((width) => "-".repeat(width))), ...cells.map(render)];
}

function rank(key: string): number {
  const index = LEADING.indexOf(key);
  return index === -1 ? LEADING.length : index;
}

/** Splits a record into key-value lines and titled tables, descending into records of records. */
function describe(data: Row, prefix: string, lines: string[], tables: { title: string; rows: Row[] }[]): void {
  for (const [key, value] of Object.entries(data)) {
    const name = `${prefix}${key}`;
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) tables.push({ title: name, rows: value });
    else if (isScalar(value) || Array.isArray(value) || flatRecord(value)) lines.push(`${name}: ${inline(value)}`);
    else if (isRecord(value) && Object.values(value).length > 0 && Object.values(value).every(flatRecord)) {
      tables.push({ title: name, rows: Object.entries(value).map(([inner, row]) => ({ name: inner, ...(row as Row) })) });
    } else if (isRecord(value)) describe(value, `${name}.`, lines, tables);
  }
}

function section(title: string, body: string[]): string[] {
  return body.length === 0 ? [] : ["", title, ...body];
}

function keyValues(lines: string[]): string[] {
  const width = Math.max(...lines.map((line) => line.indexOf(":")));
  return lines.map((line) => {
    const colon = line.indexOf(":");
    return `  ${line.slice(0, colon + 1).padEnd(width + 2)}${line.slice(colon + 2)}`;
  });
}

/** Titles of the lists other answers are made of (`track upcoming`, `observe`). */
const LIST_TITLES: Record<string, string> = { events: "Upcoming events", findings: "Findings", tests: "Every test run" };

/** Any other answer: its values, then a table per list of records (`{events}`, `{findings, tests, at}`). */
function formatRecord(result: Row): string {
  if (Array.isArray(result.events) && result.events.length === 0) return "no events in this period";
  const lines: string[] = [];
  const tables: { title: string; rows: Row[] }[] = [];
  describe(result, "", lines, tables);
  const out = lines.length > 0 ? ["Key values", ...keyValues(lines)] : [];
  for (const { title, rows } of tables) out.push(...(out.length > 0 ? [""] : []), (Object.hasOwn(LIST_TITLES, title) ? LIST_TITLES[title] : title) ?? title, ...table(rows));
  return out.join("\n");
}

/** Text for a module output (`calc`, `track <module>`), or any other answer as values and tables. */
export function formatText(result: unknown): string {
  if (!isRecord(result)) return JSON.stringify(result, null, 2);
  if (typeof result.module !== "string" || !isRecord(result.data)) return formatRecord(result);
  const metadata = isRecord(result.metadata) ? result.metadata : {};
  const out = [
    `${result.module} ${String(result.version ?? "")} (${String(result.layer ?? "")}): confidence ${scalarText(metadata.confidence as Scalar)}, accuracy ${String(metadata.accuracy ?? "—")}`,
  ];
  const insights = Array.isArray(result.insights) ? result.insights.map(String) : [];
  out.push(...section("Insights", insights.map((insight) => `  • ${insight}`)));
  const lines: string[] = [];
  const tables: { title: string; rows: Row[] }[] = [];
  describe(result.data, "", lines, tables);
  out.push(...section("Key values", keyValues(lines)));
  for (const { title, rows } of tables) out.push(...section(title, table(rows).map((line) => `  ${line}`)));
  const user = isRecord(result.user) ? result.user : undefined;
  if (user !== undefined && Array.isArray(user.insights)) out.push(...section(`For user ${String(user.user_id)}`, user.insights.map((insight) => `  • ${String(insight)}`)));
  const notes = Array.isArray(metadata.notes) ? metadata.notes.map(String) : [];
  out.push(...section("Notes", notes.map((note) => `  - ${note}`)));
  return out.join("\n");
}
