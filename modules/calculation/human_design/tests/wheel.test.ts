import { describe, expect, test } from "bun:test";
import { GATE_ORDER, gateLineLabel, gateStartLongitude, LINE_WIDTH_DEGREES, wheelPosition } from "../wheel.ts";
import { GATE_LOOKUP_CASES } from "./reference-cases.ts";

describe("wheel position of a longitude", () => {
  // Case hd-wheel-spot-checks (derived from jdempcy/hdkit, CReizner/SharpAstrology.HumanDesign and
  // dturkuler/humandesign_api wheel constants): gate.line exact, boundaries belong to the division that starts there.
  for (const lookup of GATE_LOOKUP_CASES) {
    test(`${lookup.id}: every longitude gives the published gate.line`, () => {
      const got = lookup.input.tropical_longitudes_deg.map((longitude) => gateLineLabel(wheelPosition(longitude)));
      expect(got).toEqual(lookup.expected.gate_line);
    });
  }

  test("gate 41 starts at 302° and the wheel order covers each of the 64 gates once", () => {
    expect(new Set(GATE_ORDER).size).toBe(64);
    expect(Math.min(...GATE_ORDER)).toBe(1);
    expect(Math.max(...GATE_ORDER)).toBe(64);
    expect(gateStartLongitude(41)).toBe(302);
    expect(() => gateStartLongitude(65)).toThrow(RangeError);
  });

  test("at each gate start the position is line 1 colour 1 tone 1 base 1; just before, line 6 colour 6 tone 6 base 5", () => {
    for (const gate of GATE_ORDER) {
      const start = gateStartLongitude(gate);
      expect(wheelPosition(start)).toMatchObject({ gate, line: 1, color: 1, tone: 1, base: 1 });
      const previousIndex = (GATE_ORDER.indexOf(gate) + 63) % 64;
      expect(wheelPosition(start - 1e-9)).toMatchObject({ gate: GATE_ORDER[previousIndex], line: 6, color: 6, tone: 6, base: 5 });
    }
  });

  test("lines step every 0.9375° inside a gate", () => {
    const start = gateStartLongitude(10);
    for (let line = 1; line <= 6; line++) {
      expect(wheelPosition(start + (line - 1) * LINE_WIDTH_DEGREES).line).toBe(line);
      expect(wheelPosition(start + line * LINE_WIDTH_DEGREES - 1e-9).line).toBe(line);
    }
  });

  test("colour, tone and base subdivide a line into 6, 6 and 5", () => {
    // Gate 41 line 1: colour width 0.15625°, tone 0.0260417°, base 0.0052083° (calculation-notes.md).
    expect(wheelPosition(302 + 0.15625 * 2 + 0.0001)).toMatchObject({ gate: 41, line: 1, color: 3, tone: 1, base: 1 });
    expect(wheelPosition(302 + 0.15625 / 6 * 4 + 0.0001)).toMatchObject({ color: 1, tone: 5, base: 1 });
    expect(wheelPosition(302 + 0.15625 / 30 * 3 + 0.00001)).toMatchObject({ color: 1, tone: 1, base: 4 });
  });

  test("the 0°/360° wrap and out-of-range inputs land on the same division", () => {
    expect(wheelPosition(360)).toEqual(wheelPosition(0));
    expect(wheelPosition(-0.5)).toEqual(wheelPosition(359.5));
    expect(wheelPosition(720 + 10)).toEqual(wheelPosition(10));
    // 0° lies in gate 25 (which spans 358.25°–3.875°), line 2 (case hd-wheel-spot-checks).
    expect(wheelPosition(359.9999).gate).toBe(25);
  });

  test("within_line_margin flags a longitude within 1′ of a line boundary and only then", () => {
    const boundary = gateStartLongitude(34) + 3 * LINE_WIDTH_DEGREES;
    expect(wheelPosition(boundary + 0.9 / 60).within_line_margin).toBe(true);
    expect(wheelPosition(boundary - 0.9 / 60).within_line_margin).toBe(true);
    expect(wheelPosition(boundary + 1.1 / 60).within_line_margin).toBe(false);
    expect(wheelPosition(boundary + LINE_WIDTH_DEGREES / 2).line_boundary_distance_arcmin).toBeCloseTo(28.125, 9);
    expect(wheelPosition(boundary + 3 / 60, 5).within_line_margin).toBe(true);
  });
});
