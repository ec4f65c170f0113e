import { describe, expect, test } from "bun:test";
import type { XraySample } from "../schemas.ts";
import { flareClass, flaresInWindow, parseXrays, rScale } from "../xray.ts";
import { casesOfKind, trackingCase } from "./cases.ts";

describe("flare class and R-scale (spaceweather.com flareexpl, primidi; NOAA scales, bloomwx)", () => {
  const cases = casesOfKind("flare_class");
  test("all flare_class cases are present", () => expect(cases.length).toBe(8));
  for (const c of cases) {
    test(`${c.id}: class ${String(c.expected.class)}, ${String(c.expected.r_scale)}`, () => {
      const flux = Number(c.input.flux_wm2_0p1_0p8nm);
      expect(flareClass(flux)).toBe(String(c.expected.class));
      expect<string>(rScale(flux)).toBe(String(c.expected.r_scale));
    });
  }
  test("a mantissa that rounds to 10 moves up a class", () => {
    expect(flareClass(9.96e-6)).toBe("M1.0");
    expect(flareClass(1e-5)).toBe("M1.0");
  });
});

describe("GOES XRS product", () => {
  test("swpc-xrays-split-bands: only the 0.1-0.8 nm band makes the class", () => {
    const c = trackingCase("swpc-xrays-split-bands");
    const samples = parseXrays(c.input.payload);
    const long = samples.filter((s) => s.band === "long");
    expect(long.length).toBe(Number(c.expected.long_band_rows));
    const latest = long[long.length - 1];
    // Tolerance: relative 1e-9 (case tolerance); the value passes through JSON unchanged.
    expect(Math.abs((latest?.flux ?? 0) / Number(c.expected.latest_long_flux) - 1)).toBeLessThanOrEqual(1e-9);
    expect(flareClass(latest?.flux ?? 0)).toBe(String(c.expected.flare_class));
    expect<string>(rScale(latest?.flux ?? 0)).toBe(String(c.expected.r_scale));
  });

  test("rows with a null flux or an unknown band are skipped", () => {
    const samples = parseXrays([
      { time_tag: "2026-08-07T01:24:00Z", satellite: 18, flux: null, energy: "0.1-0.8nm" },
      { time_tag: "2026-08-07T01:24:00Z", satellite: 18, flux: 1e-6, energy: "1-8A" },
    ]);
    expect(samples).toEqual([]);
  });
});

/** One long-band sample per minute from `start` with the given fluxes (synthetic storm-day curve). */
function series(start: string, fluxes: number[]): XraySample[] {
  return fluxes.map((flux, i) => ({
    time: new Date(Date.parse(start) + i * 60_000).toISOString(),
    flux,
    band: "long" as const,
    satellite: 18,
  }));
}

describe("flares in the last hour", () => {
  const at = new Date("2026-05-10T12:00:00Z");
  test("two separate runs above C1 are two flares with their peaks; older ones are outside the window", () => {
    const samples = series("2026-05-10T10:50:00Z", [
      ...Array<number>(5).fill(3e-5), // 10:50-10:54, before the window
      ...Array<number>(20).fill(5e-7),
      2e-6, 8e-6, 4.2e-5, 1e-5, 3e-6, // 11:15-11:19, an M4.2
      ...Array<number>(20).fill(6e-7),
      1.2e-6, 2.8e-4, 5e-5, // 11:40-11:42, an X2.8
      ...Array<number>(18).fill(9e-7),
    ]);
    const flares = flaresInWindow(samples, at, 60);
    expect(flares.map((f) => f.class)).toEqual(["M4.2", "X2.8"]);
    expect(flares[0]?.peak_time).toBe("2026-05-10T11:17:00.000Z");
    expect(flares[1]?.start).toBe("2026-05-10T11:40:00.000Z");
  });

  test("a data gap splits runs instead of merging two flares", () => {
    const samples = [...series("2026-05-10T11:10:00Z", [2e-6, 3e-6]), ...series("2026-05-10T11:30:00Z", [4e-6])];
    expect(flaresInWindow(samples, at, 60).length).toBe(2);
  });

  test("a quiet hour has no flares", () => {
    expect(flaresInWindow(series("2026-05-10T11:00:00Z", Array<number>(60).fill(2e-7)), at, 60)).toEqual([]);
  });
});
