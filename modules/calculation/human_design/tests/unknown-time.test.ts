import { describe, expect, test } from "bun:test";
import { BirthDataSchema } from "../../../birth-data.ts";
import { sampleBirthInstants } from "../../../sky/birth-time.ts";
import { HumanDesignConfigSchema } from "../schemas.ts";
import { bodygraphAt, calculateHumanDesign } from "../service.ts";
import { summarizeUnknownTime } from "../unknown-time.ts";

const DEFAULTS = HumanDesignConfigSchema.parse({});

describe("unknown birth time: 24 hourly samples", () => {
  // Birth day of case hd-derived-generator-emotional (1985-01-10), time withheld.
  const birth = BirthDataSchema.parse({ date: "1985-01-10", utc_offset: "+00:00", latitude: 51.5, longitude: -0.1 });
  const result = calculateHumanDesign(birth, DEFAULTS);
  const summary = result.data.unknown_time;
  const charts = sampleBirthInstants(birth).map((sample) => bodygraphAt(sample.utc, DEFAULTS));

  test("is marked probabilistic, with a note saying how it was computed", () => {
    expect(result.accuracy).toBe("probabilistic");
    expect(summary?.samples).toBe(24);
    expect(result.notes?.[0]).toContain("Birth time unknown");
  });

  test("each probability list sums to 1 and counts the samples", () => {
    for (const list of [summary?.type, summary?.authority, summary?.profile, summary?.definition, summary?.incarnation_cross]) {
      const total = (list ?? []).reduce((sum, entry) => sum + entry.probability, 0);
      expect(total).toBeCloseTo(1, 12);
    }
    const generatorShare = charts.filter((chart) => chart.type === summary?.type[0]?.value).length / 24;
    expect(summary?.type[0]?.probability).toBe(generatorShare);
  });

  test("the main fields are one sample's chart carrying the most frequent type, authority and profile", () => {
    expect<string>(result.data.type).toBe(summary?.type[0]?.value ?? "");
    const shown = charts.find((chart) => chart.birth_time_utc === result.data.birth_time_utc);
    expect(shown?.profile).toBe(result.data.profile);
    const agreeing = charts.filter(
      (chart) => chart.type === result.data.type && chart.authority === result.data.authority && chart.profile === result.data.profile,
    ).length;
    expect(result.confidence).toBe(agreeing / 24);
  });

  test("certain gates are activated at every sample, uncertain ones only at some", () => {
    for (const gate of summary?.certain_gates ?? []) expect(charts.every((chart) => chart.gates.includes(gate))).toBe(true);
    for (const gate of summary?.uncertain_gates ?? []) {
      expect(charts.some((chart) => chart.gates.includes(gate))).toBe(true);
      expect(charts.every((chart) => chart.gates.includes(gate))).toBe(false);
    }
    // The Moon moves about 13° a day (over two gates), so its gates cannot all be certain; Pluto's cannot change.
    const moonGates = new Set(charts.map((chart) => chart.personality[2]?.gate));
    expect(moonGates.size).toBeGreaterThan(1);
    expect(summary?.certain_gates).toContain(charts[0]?.personality[12]?.gate ?? 0);
  });

  test("repeated sample notes are merged", () => {
    const lmtBirth = BirthDataSchema.parse({ date: "1879-03-14", timezone: "Europe/Berlin", latitude: 48.4, longitude: 9.99 });
    const notes = calculateHumanDesign(lmtBirth, DEFAULTS).notes ?? [];
    expect(notes.filter((note) => note.includes("local mean time")).length).toBe(1);
  });

  test("a DST gap on the birth day keeps its own note with its own time", () => {
    const dstBirth = BirthDataSchema.parse({ date: "2021-03-28", timezone: "Europe/Berlin", latitude: 52.5, longitude: 13.4 });
    const notes = calculateHumanDesign(dstBirth, DEFAULTS).notes ?? [];
    expect(notes.some((note) => note.includes("2021-03-28 02:30 does not exist"))).toBe(true);
  });

  test("a summary needs at least one sample", () => {
    expect(() => summarizeUnknownTime([], [])).toThrow(RangeError);
  });

  test("confidence labels follow the shares", () => {
    for (const entry of summary?.profile ?? []) {
      const expected = entry.probability >= 1 ? "certain" : entry.probability >= 0.75 ? "high" : entry.probability >= 0.5 ? "medium" : "low";
      expect(entry.confidence).toBe(expected);
    }
  });
});
