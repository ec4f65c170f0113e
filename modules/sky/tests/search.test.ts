import { describe, expect, test } from "bun:test";
import tracking from "../../../test/fixtures/reference/tracking-cases.json";
import { SIGNS, signedDegreeDifference } from "../angles.ts";
import { isBodyName } from "../bodies.ts";
import { bodyPosition } from "../ephemeris.ts";
import { findLongitude, findZeroCrossing } from "../search.ts";

interface TrackingCase {
  id: string;
  kind: string;
  input: Record<string, unknown>;
  expected: { time_utc: string };
  tolerance: { minutes?: number; seconds?: number };
}
const trackingCases = tracking.cases as unknown as TrackingCase[];
const DAY = 86_400_000;

describe("findZeroCrossing", () => {
  const start = new Date("2024-01-01T00:00:00Z");
  const end = new Date("2024-01-03T00:00:00Z");
  const target = new Date("2024-01-01T13:17:23Z").getTime();
  test("finds a rising crossing to the tolerance", () => {
    const found = findZeroCrossing((at) => (at.getTime() - target) / 3_600_000, start, end, { toleranceSeconds: 0.5 });
    expect(Math.abs((found?.getTime() ?? 0) - target)).toBeLessThan(500);
  });
  test("finds a falling crossing", () => {
    const found = findZeroCrossing((at) => (target - at.getTime()) / 3_600_000, start, end);
    expect(Math.abs((found?.getTime() ?? 0) - target)).toBeLessThan(1000);
  });
  test("a ±180° wrap is not a crossing, and no crossing gives null", () => {
    const wrapped = (at: Date) => signedDegreeDifference(170 + (at.getTime() - start.getTime()) / 3_600_000, 0);
    expect(findZeroCrossing(wrapped, start, new Date(start.getTime() + 40 * 3_600_000), { stepHours: 1 })).toBeNull();
  });
  test("an exact zero on a sample is returned as is", () => {
    expect(findZeroCrossing((at) => (at.getTime() - start.getTime()) / 1000, start, end)?.getTime()).toBe(start.getTime());
  });
});

describe("findLongitude against published ingress and season times (tracking-cases.json)", () => {
  let largestMinutes = 0;
  const seasons = { mar_equinox: 0, jun_solstice: 90, sep_equinox: 180, dec_solstice: 270 } as const;
  for (const c of trackingCases) {
    if (c.kind !== "ingress" && c.kind !== "season") continue;
    test(c.id, () => {
      const expected = new Date(c.expected.time_utc).getTime();
      let body = "sun";
      let longitude: number;
      if (c.kind === "ingress") {
        body = String(c.input.body).toLowerCase();
        longitude = SIGNS.indexOf(String(c.input.sign).toLowerCase() as (typeof SIGNS)[number]) * 30;
      } else {
        longitude = seasons[c.input.event as keyof typeof seasons];
      }
      if (!isBodyName(body)) throw new Error(`unknown body ${body}`);
      const found = findLongitude(body, longitude, new Date(expected - 3 * DAY), new Date(expected + 3 * DAY));
      // Tolerance from the case: published times are rounded to the minute (seasons to the second).
      const toleranceMs = (c.tolerance.minutes ?? 0) * 60_000 + (c.tolerance.seconds ?? 0) * 1000;
      const errorMs = Math.abs((found?.getTime() ?? Number.NaN) - expected);
      largestMinutes = Math.max(largestMinutes, errorMs / 60_000);
      expect(errorMs).toBeLessThanOrEqual(toleranceMs);
    });
  }
  test("largest error is reported", () => {
    console.log(`sky: largest ingress/season time error ${largestMinutes.toFixed(2)} min`);
    expect(largestMinutes).toBeGreaterThan(0);
  });
});

describe("stations: speed crosses zero at published times (tracking-cases.json station)", () => {
  let largestMinutes = 0;
  for (const c of trackingCases.filter((x) => x.kind === "station")) {
    test(c.id, () => {
      const body = String(c.input.body).toLowerCase();
      if (!isBodyName(body)) throw new Error(`unknown body ${body}`);
      const expected = new Date(c.expected.time_utc).getTime();
      const found = findZeroCrossing((at) => bodyPosition(body, at).speed, new Date(expected - 2 * DAY), new Date(expected + 2 * DAY), {
        stepHours: 12,
        toleranceSeconds: 10,
      });
      const errorMinutes = Math.abs((found?.getTime() ?? Number.NaN) - expected) / 60_000;
      largestMinutes = Math.max(largestMinutes, errorMinutes);
      expect(errorMinutes).toBeLessThanOrEqual(c.tolerance.minutes ?? 0); // case tolerance: slow planets station over hours
    });
  }
  test("largest error is reported", () => {
    console.log(`sky: largest station time error ${largestMinutes.toFixed(1)} min`);
    expect(largestMinutes).toBeGreaterThan(0);
  });
});
