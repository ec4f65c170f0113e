import { describe, expect, test } from "bun:test";
import { distanceToSignBoundary, formatLongitude, normalizeDegrees, signOf, signedDegreeDifference } from "../angles.ts";

describe("angles", () => {
  test("normalizeDegrees maps into [0, 360)", () => {
    expect(normalizeDegrees(360)).toBe(0);
    expect(normalizeDegrees(-30)).toBe(330);
    expect(normalizeDegrees(725)).toBe(5);
    expect(normalizeDegrees(-1e-15)).toBeLessThan(360);
  });
  test("signedDegreeDifference wraps into (−180, 180]", () => {
    expect(signedDegreeDifference(10, 350)).toBeCloseTo(20, 12);
    expect(signedDegreeDifference(350, 10)).toBeCloseTo(-20, 12);
    expect(signedDegreeDifference(180, 0)).toBe(180);
    expect(signedDegreeDifference(0, 180)).toBe(180);
  });
  test("signOf: boundaries belong to the sign that starts there", () => {
    expect(signOf(0)).toEqual({ sign: "aries", sign_degree: 0 });
    expect(signOf(29.999)).toMatchObject({ sign: "aries" });
    expect(signOf(30)).toEqual({ sign: "taurus", sign_degree: 0 });
    expect(signOf(359.5).sign).toBe("pisces");
    expect(signOf(-0.5).sign).toBe("pisces");
  });
  test("distance to a sign boundary and formatting", () => {
    expect(distanceToSignBoundary(59.99)).toBeCloseTo(0.01, 10);
    expect(distanceToSignBoundary(45)).toBe(15);
    // cases.json natal-kerykeion-john_lennon_1940: Sun 196.2679 = 16°16.07′ Libra
    expect(formatLongitude(196.2679)).toBe("16°16′ libra");
  });
});
