import { describe, expect, test } from "bun:test";
import reference from "./fixtures/swisseph-activations.json";
import { firstDifferingLevel, flagCovers, LEVEL_RANK, nearBoundaryLevel } from "../boundary.ts";
import { fieldsAtRisk } from "../dependent-fields.ts";
import { errorBoundArcsec, measuredEraOf } from "../ephemeris-error.ts";
import { type Activation, type ActivationBody, HumanDesignConfigSchema, type NearBoundaryLevel } from "../schemas.ts";
import { bodygraphAt } from "../service.ts";
import { gateStartLongitude, LINE_WIDTH_DEGREES, wheelPosition } from "../wheel.ts";

/**
 * Swiss Ephemeris 2.10.03 (with its DE431-based files) activation longitudes for 380 random charts 1500–2200
 * (fixture `source`). The draw is held out: it used another seed than the table the error bounds were set from,
 * so it checks the bounds the way unseen charts would.
 */
interface Case {
  utc: string;
  design_utc: string;
  personality: Record<ActivationBody, number>;
  design: Record<ActivationBody, number>;
}
const cases = reference.cases as Case[];
const DEFAULTS = HumanDesignConfigSchema.parse({});

describe("near_boundary levels on the wheel", () => {
  const lineStart = gateStartLongitude(34) + 2 * LINE_WIDTH_DEGREES;
  test("a boundary within the bound names the coarsest level: line, then colour, tone, base; null when none", () => {
    // Widths (calculation-notes.md): line 0.9375°, colour 0.15625°, tone 0.0260417°, base 0.0052083° (18.75″).
    expect(nearBoundaryLevel(lineStart + 10 / 3600, 20)).toBe("line");
    expect(nearBoundaryLevel(lineStart - 10 / 3600, 20)).toBe("line");
    expect(nearBoundaryLevel(lineStart + 0.15625 + 5 / 3600, 20)).toBe("color");
    expect(nearBoundaryLevel(lineStart + 0.0260417 + 5 / 3600, 20)).toBe("tone");
    expect(nearBoundaryLevel(lineStart + 0.0052083 * 2 + 2 / 3600, 3)).toBe("base");
    // Mid-base (9.4″ from either base boundary) with a 3″ bound: every division holds.
    expect(nearBoundaryLevel(lineStart + 0.0052083 * 1.5, 3)).toBeNull();
  });

  test("firstDifferingLevel and flagCovers order the levels from line (coarsest) to base", () => {
    const a = { gate: 34, line: 3, color: 2, tone: 4, base: 1 };
    expect(firstDifferingLevel(a, a)).toBeNull();
    expect(firstDifferingLevel(a, { ...a, gate: 14 })).toBe("line");
    expect(firstDifferingLevel(a, { ...a, color: 3 })).toBe("color");
    expect(firstDifferingLevel(a, { ...a, tone: 5, base: 2 })).toBe("tone");
    expect(firstDifferingLevel(a, { ...a, base: 5 })).toBe("base");
    expect(flagCovers("line", "tone")).toBe(true);
    expect(flagCovers("tone", "color")).toBe(false);
    expect(flagCovers(null, "base")).toBe(false);
    expect(flagCovers(null, null)).toBe(true);
    expect(LEVEL_RANK.line).toBeLessThan(LEVEL_RANK.base);
  });

  test("bounds come from the measured era of each instant, widened outside 1500–2200", () => {
    expect(measuredEraOf(new Date("1950-01-01T00:00:00Z"))).toBe("1800-2100");
    expect(measuredEraOf(new Date("1400-01-01T00:00:00Z"))).toBeNull();
    const moon = (iso: string) => errorBoundArcsec("design", "moon", new Date(iso));
    expect(moon("1400-06-01T00:00:00Z")).toBe(moon("1600-06-01T00:00:00Z") * 4);
    expect(moon("2300-06-01T00:00:00Z")).toBe(moon("2150-06-01T00:00:00Z") * 4);
    expect(errorBoundArcsec("personality", "pluto", new Date("1520-01-01T00:00:00Z"))).toBeGreaterThan(108); // 1.8′ before 1530
  });
});

describe("every value not flagged agrees with Swiss Ephemeris (held-out charts)", () => {
  test("no activation differs from Swiss Ephemeris at a level coarser than its flag", () => {
    const misses: string[] = [];
    const counts: Record<string, number> = { null: 0, line: 0, color: 0, tone: 0, base: 0 };
    const differences: Record<string, number> = { line: 0, color: 0, tone: 0, base: 0 };
    for (const c of cases) {
      const chart = bodygraphAt(new Date(c.utc), DEFAULTS);
      const sides = [
        ["personality", chart.personality, c.personality],
        ["design", chart.design, c.design],
      ] as const;
      for (const [side, activations, theirs] of sides) {
        for (const activation of activations) {
          const difference = firstDifferingLevel(activation, wheelPosition(theirs[activation.body]));
          counts[String(activation.near_boundary)] = (counts[String(activation.near_boundary)] ?? 0) + 1;
          if (difference !== null) differences[difference] = (differences[difference] ?? 0) + 1;
          if (!flagCovers(activation.near_boundary, difference)) {
            misses.push(`${c.utc} ${side}.${activation.body}: differs at ${difference}, flagged ${activation.near_boundary}`);
          }
        }
      }
    }
    console.log(`near_boundary on ${cases.length * 26} activations: flags ${JSON.stringify(counts)}; differences ${JSON.stringify(differences)}`);
    expect(misses).toEqual([]);
    // The check must be able to fail: some activations do differ from Swiss Ephemeris below the line.
    expect((differences.tone ?? 0) + (differences.base ?? 0)).toBeGreaterThan(0);
  });

  test("the design moment is within 90 s of Swiss Ephemeris's (its Sun differs by up to ≈ 3″, 2.5″ per minute of time)", () => {
    let worst = 0;
    for (const c of cases.slice(0, 60)) {
      const chart = bodygraphAt(new Date(c.utc), DEFAULTS);
      worst = Math.max(worst, Math.abs(new Date(chart.design_time).getTime() - new Date(c.design_utc).getTime()) / 1000);
    }
    console.log(`largest design-time difference ${worst.toFixed(1)} s`);
    expect(worst).toBeLessThan(90);
  });
});

describe("fields that depend on flagged activations", () => {
  const activation = (body: ActivationBody, longitude: number, near_boundary: NearBoundaryLevel | null): Activation => ({
    body,
    longitude,
    ...wheelPosition(longitude),
    near_boundary,
  });
  const bodies: ActivationBody[] = ["sun", "earth", "moon", "north_node", "south_node", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"];
  // Mid-line positions far from any boundary, spread over the wheel.
  const calm = (offset: number) => bodies.map((body, i) => activation(body, (offset + i * 27.3 + 0.46875) % 360, null));

  test("no flag, no field at risk", () => {
    expect(fieldsAtRisk(calm(0), calm(100))).toEqual([]);
  });

  test("a personality Sun flagged at a line boundary puts the profile and the cross at risk", () => {
    const personality = calm(0);
    const sunLongitude = gateStartLongitude(34) + LINE_WIDTH_DEGREES * 4 + 5 / 3600; // 5″ into line 5 of gate 34
    personality[0] = activation("sun", sunLongitude, "line");
    personality[1] = activation("earth", (sunLongitude + 180) % 360, "line");
    const fields = fieldsAtRisk(personality, calm(100));
    expect(fields).toContain("profile");
    expect(fields).toContain("incarnation_cross");
    expect(fields).toContain("variables");
  });

  test("a Moon flagged at tone touches no chart field; a node at colour touches the variables", () => {
    const personality = calm(0);
    personality[2] = activation("moon", personality[2]?.longitude ?? 0, "tone");
    expect(fieldsAtRisk(personality, calm(100))).toEqual([]);
    personality[3] = activation("north_node", personality[3]?.longitude ?? 0, "color");
    expect(fieldsAtRisk(personality, calm(100))).toEqual(["variables"]);
  });
});
