import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../../core/errors.ts";
import { gScale, kpStormLevel, latestAt, parseKp1m, parseKp3h } from "../kp.ts";
import { casesOfKind, trackingCase } from "./cases.ts";

describe("G-scale (NOAA scale, AMS Glossary; thirds rule from SWPC alerts 2024-05-10)", () => {
  const cases = casesOfKind("g_scale");
  test("all g_scale cases are present", () => expect(cases.length).toBe(9));
  for (const c of cases) {
    test(`${c.id}: Kp ${String(c.input.kp)} → ${String(c.expected.g)}`, () => {
      expect<string>(gScale(Number(c.input.kp))).toBe(String(c.expected.g));
    });
  }
  test("5+ (5.33) is still G1 and 9− is G4 while 9o is G5", () => {
    expect<string>(gScale(5.33)).toBe("G1");
    expect<string>(gScale(8.67)).toBe("G4");
    expect<string>(gScale(9)).toBe("G5");
    expect<string>(gScale(0)).toBe("G0");
  });
});

describe("planetary Kp 1-minute", () => {
  test("swpc-kp1m-latest: latest estimated Kp and time (shape verified against the live API 2026-04-29)", () => {
    const c = trackingCase("swpc-kp1m-latest");
    const samples = parseKp1m(c.input.payload);
    const latest = latestAt(samples, new Date("2026-08-30T12:30:00Z"));
    expect(latest?.time).toBe(new Date(String(c.expected.latest_time_utc)).toISOString());
    expect(latest?.kp).toBe(Number(c.expected.latest_estimated_kp));
  });

  test("newest-first input gives the same latest sample", () => {
    const payload = trackingCase("swpc-kp1m-latest").input.payload as unknown[];
    const samples = parseKp1m([...payload].reverse());
    expect(samples.map((s) => s.time)).toEqual([...samples.map((s) => s.time)].sort());
  });

  test("swpc-kp1m-window-reset: storm level spans the previous 3-h window (SliceLogger#55)", () => {
    const c = trackingCase("swpc-kp1m-window-reset");
    const samples = parseKp1m(c.input.payload);
    const at = new Date("2026-08-02T21:00:00Z");
    expect(latestAt(samples, at)?.kp).toBe(Number(c.expected.naive_latest));
    const level = kpStormLevel(samples, at, 1);
    expect(level).toBe(Number(c.expected.storm_level_over_current_and_previous_3h_window));
    expect<string>(gScale(level ?? 0)).toBe(String(c.expected.g_scale));
    // Without the previous window the storm disappears: the trap the case documents.
    expect(kpStormLevel(samples, at, 0)).toBe(Number(c.expected.naive_latest));
    expect(kpStormLevel(samples, new Date("2026-08-01T00:00:00Z"), 1)).toBeNull();
  });

  test("a row of the wrong type is rejected naming the row and field", () => {
    expect(() => parseKp1m([{ time_tag: "2026-08-30T12:00:00", estimated_kp: true }])).toThrow(ValidationError);
    expect(() => parseKp1m([{ time_tag: "2026-08-30T12:00:00", estimated_kp: true }])).toThrow("0.estimated_kp");
  });
});

describe("planetary Kp 3-hour, both shapes (NWS SCN 26-21)", () => {
  for (const id of ["swpc-kp3h-object-format", "swpc-kp3h-legacy-format"]) {
    test(`${id}: rows, latest and max`, () => {
      const c = trackingCase(id);
      const samples = parseKp3h(c.input.payload);
      expect(samples.length).toBe(Number(c.expected.rows));
      const latest = latestAt(samples, new Date("2026-12-31T00:00:00Z"));
      expect(latest?.time).toBe(new Date(String(c.expected.latest_time_utc)).toISOString());
      expect(latest?.kp).toBe(Number(c.expected.latest_kp));
      const max = Math.max(...samples.map((s) => s.kp));
      expect(max).toBe(Number(c.expected.max_kp));
      if (c.expected.g_scale_latest) expect<string>(gScale(latest?.kp ?? -1)).toBe(String(c.expected.g_scale_latest));
      if (c.expected.g_scale_max) expect<string>(gScale(max)).toBe(String(c.expected.g_scale_max));
    });
  }

  test("swpc-kp-forecast-case-trap: lowercase kp and the observed/predicted flag are read", () => {
    const c = trackingCase("swpc-kp-forecast-case-trap");
    const samples = parseKp3h(c.input.payload);
    expect(samples.map((s) => s.observed)).toEqual(c.expected.observed_values as string[]);
    expect(samples.filter((s) => s.observed === "predicted").length).toBe(Number(c.expected.predicted_rows));
    expect(samples[2]?.kp).toBe(5);
    expect(samples[1]?.noaa_scale).toBe("G1");
  });
});
