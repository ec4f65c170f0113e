/**
 * Reader of the committed Swiss Ephemeris reference table (written once by generate_reference.py).
 * Longitudes are degrees on the true ecliptic of date; instants are UT, ISO 8601.
 */
export const REFERENCE_TABLE_PATH = new URL("./swisseph-reference.csv.gz", import.meta.url);

export const POINTS = [
  "sun",
  "moon",
  "mercury",
  "venus",
  "mars",
  "jupiter",
  "saturn",
  "uranus",
  "neptune",
  "pluto",
  "true_node",
  "mean_node",
] as const;
export type Point = (typeof POINTS)[number];
export const TABLE_HOUSE_SYSTEMS = ["placidus", "koch", "whole_sign", "equal", "porphyry", "regiomontanus", "campanus"] as const;
export type TableHouseSystem = (typeof TABLE_HOUSE_SYSTEMS)[number];
export const ERAS = ["1800-2100", "1500-1800", "2100-2200", "high-latitude"] as const;
export type Era = (typeof ERAS)[number];

export interface ReferenceChart {
  era: Era;
  utc: Date;
  latitude: number;
  longitude: number;
  personality: Record<Point, number>;
  houses: Record<TableHouseSystem, number[]>;
  ascendant: number;
  midheaven: number;
  vertex: number;
  ayanamsa: { lahiri: number; fagan_bradley: number };
  designUtc: Date;
  design: Record<Point, number>;
}

function isEra(value: string): value is Era {
  return (ERAS as readonly string[]).includes(value);
}

/** Parses the table text (CSV, first line a provenance comment, second the header). */
export function parseReferenceTable(text: string): { source: string; charts: ReferenceChart[] } {
  const lines = text.trimEnd().split("\n");
  const source = (lines[0] ?? "").replace(/^#\s*/, "");
  const header = (lines[1] ?? "").split(",");
  const charts = lines.slice(2).map((line, index) => {
    const cells = line.split(",");
    const cell = (name: string): string => {
      const at = header.indexOf(name);
      const value = cells[at];
      if (at < 0 || value === undefined) throw new Error(`reference row ${index + 1}: no column ${name}`);
      return value;
    };
    const num = (name: string) => Number(cell(name));
    const points = (prefix: string) => Object.fromEntries(POINTS.map((p) => [p, num(`${prefix}${p}`)])) as Record<Point, number>;
    const era = cell("era");
    if (!isEra(era)) throw new Error(`reference row ${index + 1}: unknown era ${era}`);
    return {
      era,
      utc: new Date(cell("utc")),
      latitude: num("latitude"),
      longitude: num("longitude"),
      personality: points("p_"),
      houses: Object.fromEntries(
        TABLE_HOUSE_SYSTEMS.map((s) => [s, Array.from({ length: 12 }, (_, i) => num(`${s}_${i + 1}`))]),
      ) as Record<TableHouseSystem, number[]>,
      ascendant: num("ascendant"),
      midheaven: num("midheaven"),
      vertex: num("vertex"),
      ayanamsa: { lahiri: num("ayanamsa_lahiri"), fagan_bradley: num("ayanamsa_fagan_bradley") },
      designUtc: new Date(cell("design_utc")),
      design: points("d_"),
    };
  });
  return { source, charts };
}

/** Reads and parses a table (gzip CSV); by default the committed one. */
export async function loadReferenceTable(path: URL | string = REFERENCE_TABLE_PATH): Promise<{ source: string; charts: ReferenceChart[] }> {
  const bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
  return parseReferenceTable(new TextDecoder().decode(Bun.gunzipSync(bytes)));
}
