import { describe, expect, test } from "bun:test";
import { FlagTally } from "./hd-flags.ts";
import { parseReferenceTable, POINTS, TABLE_HOUSE_SYSTEMS } from "./reference-table.ts";
import { ErrorCollector, maxAndP99 } from "./statistics.ts";
import { wheelPosition } from "../../modules/calculation/human_design/wheel.ts";
import type { Activation } from "../../modules/calculation/human_design/schemas.ts";

describe("accuracy report tools", () => {
  test("max and nearest-rank 99th percentile", () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1); // 1 … 200
    expect(maxAndP99(values)).toEqual({ max: 200, p99: 198, count: 200 });
    expect(maxAndP99([])).toEqual({ max: 0, p99: 0, count: 0 });
    const collector = new ErrorCollector();
    collector.add("1800-2100", "sun", 1.5);
    collector.add("1800-2100", "sun", 0.5);
    expect(collector.samples.get("1800-2100")?.get("sun")).toEqual([1.5, 0.5]);
  });

  test("the table reader maps every column by name and rejects an unknown era", () => {
    const header = [
      "era",
      "utc",
      "latitude",
      "longitude",
      ...POINTS.map((p) => `p_${p}`),
      ...TABLE_HOUSE_SYSTEMS.flatMap((s) => Array.from({ length: 12 }, (_, i) => `${s}_${i + 1}`)),
      "ascendant",
      "midheaven",
      "vertex",
      "ayanamsa_lahiri",
      "ayanamsa_fagan_bradley",
      "design_utc",
      ...POINTS.map((p) => `d_${p}`),
    ];
    const row = header.map((name, i) =>
      name === "era" ? "1800-2100" : name.endsWith("utc") ? "2000-01-01T12:00:00.000Z" : String(i),
    );
    const { source, charts } = parseReferenceTable(`# test source\n${header.join(",")}\n${row.join(",")}\n`);
    expect(source).toBe("test source");
    expect(charts[0]?.personality.moon).toBe(header.indexOf("p_moon"));
    expect(charts[0]?.houses.koch[11]).toBe(header.indexOf("koch_12"));
    expect(charts[0]?.design.pluto).toBe(header.indexOf("d_pluto"));
    const bad = row.map((cell, i) => (i === 0 ? "1400-1500" : cell));
    expect(() => parseReferenceTable(`# x\n${header.join(",")}\n${bad.join(",")}\n`)).toThrow("unknown era");
  });

  test("a difference is counted at its level and every finer one, and as unflagged only when the flag misses it", () => {
    const ours = (longitude: number, near_boundary: Activation["near_boundary"]): Activation => ({
      body: "moon",
      longitude,
      ...wheelPosition(longitude),
      near_boundary,
    });
    const tally = new FlagTally();
    // 302° starts gate 41 line 1; 301.99° is gate 60 line 6: a line difference.
    tally.add([ours(302.0001, "line")], { moon: 301.99 } as Record<Activation["body"], number>);
    tally.add([ours(302.0001, null)], { moon: 301.99 } as Record<Activation["body"], number>);
    expect(tally.differs).toEqual({ line: 2, color: 2, tone: 2, base: 2 });
    expect(tally.unflagged).toEqual({ line: 1, color: 1, tone: 1, base: 1 });
  });
});
