import { describe, expect, test } from "bun:test";
import { normalizeDegrees, signedDegreeDifference } from "../../../sky/angles.ts";
import { HOUSE_SYSTEMS, chartAngles, houseCusps, houseOf, type HouseFrame } from "../houses.ts";

const QUADRANT = ["placidus", "koch", "porphyry", "regiomontanus", "campanus"] as const;
const OBLIQUITY = 23.4392911; // J2000 mean obliquity (IAU 1980), degrees

function frames(): HouseFrame[] {
  const list: HouseFrame[] = [];
  for (const latitude of [-60, -45, -33.9, -10, 0, 15, 37.8, 51.5, 59.9, 65]) {
    for (let armc = 0; armc < 360; armc += 17.5) list.push({ armc, obliquity: OBLIQUITY, latitude });
  }
  return list;
}

describe("house properties (issue 3)", () => {
  test("cusps increase around the circle in every system and frame", () => {
    for (const system of HOUSE_SYSTEMS) {
      for (const frame of frames()) {
        const cusps = houseCusps(system, frame);
        expect(cusps, `${system} ${JSON.stringify(frame)}`).not.toBeNull();
        let total = 0;
        for (let i = 0; i < 12; i++) {
          const step = normalizeDegrees((cusps?.[(i + 1) % 12] ?? 0) - (cusps?.[i] ?? 0));
          expect(step, `${system} ${JSON.stringify(frame)} cusp ${i + 1}`).toBeGreaterThan(0);
          expect(step).toBeLessThan(180);
          total += step;
        }
        expect(total).toBeCloseTo(360, 9);
      }
    }
  });
  test("quadrant systems: cusp 1 = ascendant, cusp 10 = MC, cusp 4 = IC, cusp 7 = descendant", () => {
    for (const system of QUADRANT) {
      for (const frame of frames()) {
        const angles = chartAngles(frame);
        const cusps = houseCusps(system, frame, angles) ?? [];
        expect(Math.abs(signedDegreeDifference(cusps[0] ?? 0, angles.ascendant))).toBeLessThan(1e-9);
        expect(Math.abs(signedDegreeDifference(cusps[9] ?? 0, angles.midheaven))).toBeLessThan(1e-9);
        expect(Math.abs(signedDegreeDifference(cusps[3] ?? 0, angles.imum_coeli))).toBeLessThan(1e-9);
        expect(Math.abs(signedDegreeDifference(cusps[6] ?? 0, angles.descendant))).toBeLessThan(1e-9);
      }
    }
  });
  test("whole-sign cusps sit at 0° of signs, the first one in the ascendant's sign", () => {
    for (const frame of frames()) {
      const cusps = houseCusps("whole_sign", frame) ?? [];
      for (const c of cusps) expect(c % 30).toBe(0);
      expect(Math.floor(chartAngles(frame).ascendant / 30) * 30).toBe(cusps[0] ?? -1);
    }
  });
  test("equal houses are 30° apart from the ascendant", () => {
    const frame = { armc: 123, obliquity: OBLIQUITY, latitude: 48 };
    const cusps = houseCusps("equal", frame) ?? [];
    expect(signedDegreeDifference(cusps[4] ?? 0, chartAngles(frame).ascendant)).toBeCloseTo(120, 9);
  });
  test("on the equator Placidus, Koch, Regiomontanus and Campanus coincide (all reduce to hour circles 30° apart)", () => {
    for (let armc = 0; armc < 360; armc += 23) {
      const frame = { armc, obliquity: OBLIQUITY, latitude: 0 };
      const reference = houseCusps("regiomontanus", frame) ?? [];
      for (const system of ["placidus", "koch", "campanus"] as const) {
        const cusps = houseCusps(system, frame) ?? [];
        cusps.forEach((c, i) => expect(Math.abs(signedDegreeDifference(c, reference[i] ?? 0))).toBeLessThan(1e-7));
      }
    }
  });
  test("MC and ascendant closed forms: ARMC 0° gives MC 0° Aries and, at the equator, ASC 90°", () => {
    const angles = chartAngles({ armc: 0, obliquity: OBLIQUITY, latitude: 0 });
    expect(angles.midheaven).toBeCloseTo(0, 9);
    expect(angles.ascendant).toBeCloseTo(90, 9);
    // At 45° N with ARMC 0 the vertex is the ascendant of the co-latitude half a day later (ARMC 180°, 45°).
    const vertex = chartAngles({ armc: 0, obliquity: OBLIQUITY, latitude: 45 }).vertex;
    const e = (OBLIQUITY * Math.PI) / 180;
    const expected = normalizeDegrees((Math.atan2(Math.cos(Math.PI), -(Math.sin(Math.PI) * Math.cos(e) + Math.tan(Math.PI / 4) * Math.sin(e))) * 180) / Math.PI);
    expect(vertex).toBeCloseTo(expected, 9);
  });
  test("the vertex lies in the western half of the chart (between MC and IC through the descendant)", () => {
    // On the equator the prime vertical is the celestial equator and the vertex degenerates to an equinox point.
    for (const frame of frames().filter((f) => f.latitude !== 0)) {
      const angles = chartAngles(frame);
      expect(normalizeDegrees(angles.vertex - angles.midheaven)).toBeGreaterThan(180);
    }
  });
  test("Placidus and Koch are undefined at 70° N for part of the day; other systems are not", () => {
    let undefinedPlacidus = 0;
    let undefinedKoch = 0;
    for (let armc = 0; armc < 360; armc += 5) {
      const frame = { armc, obliquity: OBLIQUITY, latitude: 70 };
      if (houseCusps("placidus", frame) === null) undefinedPlacidus++;
      if (houseCusps("koch", frame) === null) undefinedKoch++;
      for (const system of ["porphyry", "equal", "whole_sign", "regiomontanus", "campanus"] as const) {
        expect(houseCusps(system, frame)).not.toBeNull();
      }
    }
    expect(undefinedPlacidus).toBeGreaterThan(0);
    expect(undefinedKoch).toBeGreaterThan(0);
  });
  test("houseOf: a point on a cusp belongs to the house that starts there; wrap across 0° Aries", () => {
    const cusps = [350, 20, 50, 80, 110, 140, 170, 200, 230, 260, 290, 320];
    expect(houseOf(350, cusps)).toBe(1);
    expect(houseOf(5, cusps)).toBe(1);
    expect(houseOf(20, cusps)).toBe(2);
    expect(houseOf(349.99, cusps)).toBe(12);
  });
});
