import { describe, expect, test } from "bun:test";
import { signedDegreeDifference } from "../../../sky/angles.ts";
import { bodyPosition } from "../../../sky/ephemeris.ts";
import { findZeroCrossing } from "../../../sky/search.ts";
import { ASPECT_ANGLES } from "../aspects.ts";
import { natalAspects } from "../natal.ts";
import { houseOf } from "../positions.ts";
import { TransitsConfigSchema, type BodyState } from "../schemas.ts";
import { prepareTransitTick, transitsSnapshot, userTransits } from "../service.ts";

const config = TransitsConfigSchema.parse({});

function state(body: BodyState["body"], longitude: number, speed: number): BodyState {
  return { body, longitude, latitude: 0, speed, retrograde: speed < 0, sign: "aries", sign_degree: longitude % 30 };
}

describe("transit-to-natal aspects", () => {
  test("default orbs are 8/8/6/6/4 (issue 5)", () => {
    expect(config.orbs).toEqual({ conjunction: 8, opposition: 8, square: 6, trine: 6, sextile: 4 });
  });

  test("orb, exactness and applying/separating for direct and retrograde motion", () => {
    const natal = { sun: 100 };
    const found = natalAspects([state("mars", 97, 0.5), state("saturn", 223, -0.05), state("venus", 165, 1.2)], natal, config.orbs);
    const mars = found.find((a) => a.body === "mars");
    expect(mars).toMatchObject({ aspect: "conjunction", applying: true });
    expect(mars?.orb).toBeCloseTo(3, 12);
    expect(mars?.exactness).toBeCloseTo(1 - 3 / 8, 12);
    // Saturn 123° ahead of the natal Sun moving backwards: trine orb 3° shrinking.
    expect(found.find((a) => a.body === "saturn")).toMatchObject({ aspect: "trine", applying: true });
    // Venus 65° ahead moving forward: sextile orb 5° exceeds the 4° sextile orb, so nothing.
    expect(found.find((a) => a.body === "venus")).toBeUndefined();
    const separating = natalAspects([state("mars", 103, 0.5)], natal, config.orbs)[0];
    expect(separating?.applying).toBe(false);
  });

  test("aspects across 0° Aries and on the negative side", () => {
    const found = natalAspects([state("jupiter", 358, 0.1)], { moon: 88 }, config.orbs);
    expect(found[0]).toMatchObject({ aspect: "square", applying: false });
    expect(found[0]?.orb).toBeCloseTo(0, 12);
  });

  test("orbs come from config", () => {
    const wide = TransitsConfigSchema.parse({ orbs: { sextile: 6 } });
    expect(natalAspects([state("venus", 165, 1.2)], { sun: 100 }, wide.orbs)[0]?.aspect).toBe("sextile");
  });

  test("house of a longitude, including a house spanning 0° Aries", () => {
    const cusps = [340, 10, 40, 70, 100, 130, 160, 190, 220, 250, 280, 310];
    expect(houseOf(5, cusps)).toBe(1);
    expect(houseOf(345, cusps)).toBe(1);
    expect(houseOf(339, cusps)).toBe(12);
    expect(houseOf(10, cusps)).toBe(2);
  });
});

describe("exact transit times", () => {
  // Natal points of a synthetic chart; the check is that the grid interpolation agrees with a direct search of
  // the two longitudes (issue 5: within a minute).
  const natal = { sun: 353.5, moon: 14.2, mercury: 3.1, venus: 344.4, mars: 300.9, ascendant: 101.3, midheaven: 8.8 };
  const at = new Date("2025-03-01T00:00:00Z");
  const tick = prepareTransitTick(at, config);
  const result = userTransits(tick, natal, config, [101.3, 125, 150, 188.8, 230, 260, 281.3, 305, 330, 8.8, 50, 80]);

  test("snapshot: ten bodies with retrograde flags from the speed", () => {
    const snapshot = transitsSnapshot(new Date("2025-03-20T00:00:00Z"));
    expect(snapshot.bodies.map((b) => b.body)).toEqual(["sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"]);
    // Venus was retrograde 2025-03-01 → 04-12 (station-venus-direct-2025-04-13 in tracking-cases.json).
    expect(snapshot.bodies.find((b) => b.body === "venus")?.retrograde).toBe(true);
    expect(snapshot.bodies.find((b) => b.body === "sun")?.retrograde).toBe(false);
  });

  test("each exact time agrees with a direct bisection of the ephemeris within a minute; largest reported", () => {
    expect(result.exact.length).toBeGreaterThan(10);
    let largest = 0;
    for (const e of result.exact) {
      const natalLongitude = natal[e.natal_body as keyof typeof natal];
      const angle = ASPECT_ANGLES[e.aspect];
      const offset = signedDegreeDifference(e.longitude, natalLongitude);
      const target = Math.abs(signedDegreeDifference(offset, angle)) < Math.abs(signedDegreeDifference(offset, -angle)) ? angle : -angle;
      const time = Date.parse(e.time);
      const direct = findZeroCrossing(
        (t) => signedDegreeDifference(bodyPosition(e.body, t).longitude, natalLongitude + target),
        new Date(time - 3 * 3600_000),
        new Date(time + 3 * 3600_000),
        { stepHours: 0.5, toleranceSeconds: 0.1 },
      );
      expect(direct).not.toBeNull();
      largest = Math.max(largest, Math.abs(time - (direct?.getTime() ?? 0)) / 1000);
    }
    console.log(`exact transits: largest |grid − direct| ${largest.toFixed(2)} s over ${result.exact.length} exact transits`);
    expect(largest).toBeLessThan(60);
  });

  test("no exact transit is missed for the fast bodies (direct scan over the same 30 days)", () => {
    const end = new Date(at.getTime() + 30 * 86_400_000);
    let checked = 0;
    for (const body of ["sun", "mercury", "venus", "mars"] as const) {
      for (const [name, lon] of Object.entries(natal)) {
        for (const [aspect, angle] of Object.entries(ASPECT_ANGLES)) {
          let direct = 0;
          for (const target of angle === 0 || angle === 180 ? [angle] : [angle, -angle]) {
            let from = at;
            for (;;) {
              const t = findZeroCrossing((d) => signedDegreeDifference(bodyPosition(body, d).longitude, lon + target), from, end, {
                stepHours: 6,
                toleranceSeconds: 10,
              });
              if (!t) break;
              direct++;
              from = new Date(t.getTime() + 60_000);
            }
          }
          const ours = result.exact.filter((e) => e.body === body && e.natal_body === name && e.aspect === aspect).length;
          expect(`${body} ${aspect} ${name}: ${ours}`).toBe(`${body} ${aspect} ${name}: ${direct}`);
          checked += direct;
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  test("houses of the transiting bodies when cusps are given; times sorted and after the instant", () => {
    expect(Object.keys(result.houses ?? {}).length).toBe(10);
    const times = result.exact.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t > at.getTime())).toBe(true);
  });
});
