import { describe, expect, test } from "bun:test";
import { bzOrientation, parseMag, parsePlasma } from "../wind.ts";
import { latestAt } from "../kp.ts";
import { trackingCase } from "./cases.ts";

const LATER = new Date("2027-01-01T00:00:00Z");

describe("solar-wind plasma", () => {
  test("swpc-plasma-legacy: header-row table, null row skipped, strings read as numbers", () => {
    const c = trackingCase("swpc-plasma-legacy");
    const samples = parsePlasma(c.input.payload);
    const payloadRows = (c.input.payload as unknown[]).length - 1;
    expect(payloadRows - samples.length).toBe(Number(c.expected.null_rows_skipped));
    const expected = c.expected.latest_valid as Record<string, number | string>;
    const latest = latestAt(samples, LATER);
    expect(latest).toEqual({
      time: new Date(String(expected.time_utc)).toISOString(),
      density: Number(expected.density_cm3),
      speed: Number(expected.speed_kms),
      temperature: Number(expected.temperature_K),
    });
  });

  test("swpc-rtsw-wind-active: newest-first RTSW objects, inactive spacecraft ignored", () => {
    const c = trackingCase("swpc-rtsw-wind-active");
    const samples = parsePlasma(c.input.payload);
    expect(samples.length).toBe(2);
    const expected = c.expected.latest_active as Record<string, number | string>;
    const latest = latestAt(samples, LATER);
    expect(latest?.time).toBe(new Date(String(expected.time_utc)).toISOString());
    expect(latest?.speed).toBe(Number(expected.speed_kms));
    expect(latest?.density).toBe(Number(expected.density_cm3));
  });

  test("rows with a bad overall_quality are dropped", () => {
    const rows = [{ time_tag: "2026-08-07T01:24:00", active: true, proton_speed: 400, overall_quality: 2 }];
    expect(parsePlasma(rows)).toEqual([]);
  });
});

describe("magnetometer", () => {
  test("swpc-mag-legacy: latest Bz and Bt", () => {
    const c = trackingCase("swpc-mag-legacy");
    const expected = c.expected.latest as Record<string, number | string>;
    const latest = latestAt(parseMag(c.input.payload), LATER);
    expect(latest?.time).toBe(new Date(String(expected.time_utc)).toISOString());
    expect(latest?.bz_gsm).toBe(Number(expected.bz_gsm_nT));
    expect(latest?.bt).toBe(Number(expected.bt_nT));
  });

  test("RTSW mag objects: active rows only, fill flags ignored", () => {
    const samples = parseMag([
      { time_tag: "2026-08-07T01:24:00", active: true, source: "SOLAR1", bx_gsm: 1, by_gsm: 2, bz_gsm: -7.5, bt: 8, max_bz_flag: -9999, overall_quality: 0 },
      { time_tag: "2026-08-07T01:24:00", active: false, source: "ACE", bx_gsm: 1, by_gsm: 2, bz_gsm: 3, bt: 4, overall_quality: 0 },
      { time_tag: "2026-08-07T01:23:00", active: true, source: "SOLAR1", bz_gsm: null, bt: null, overall_quality: 0 },
    ]);
    expect(samples).toEqual([{ time: "2026-08-07T01:24:00.000Z", bx_gsm: 1, by_gsm: 2, bz_gsm: -7.5, bt: 8 }]);
  });

  test("Bz orientation with a neutral band", () => {
    expect(bzOrientation(-0.34, 1)).toBe("neutral");
    expect(bzOrientation(-5, 1)).toBe("southward");
    expect(bzOrientation(4.2, 1)).toBe("northward");
    expect(bzOrientation(0, 0)).toBe("neutral");
  });
});
