import { describe, expect, test } from "bun:test";
import { z } from "zod";
import calculationCases from "../../../../test/fixtures/reference/cases.json" with { type: "json" };
import { casesOfKind, trackingCase } from "../../solar/tests/cases.ts";
import { lunarApsides, moonDistanceKm, supermoonScore } from "../apsides.ts";
import { userLunar } from "../natal.ts";
import { nextPhase, phaseName, phasesInWindow } from "../phases.ts";
import { LunarConfigSchema, LunarSnapshotSchema, PrincipalPhaseSchema } from "../schemas.ts";
import { lunarSnapshot } from "../service.ts";

const config = LunarConfigSchema.parse({});
const PhaseCaseSchema = z.object({
  id: z.string(),
  kind: z.literal("lunar_phase_time"),
  input: z.object({ phase: PrincipalPhaseSchema, search_from_utc: z.string() }),
  expected: z.object({ utc: z.string() }),
  tolerance: z.object({ minutes: z.number() }),
  source: z.object({ repo: z.string(), upstream: z.string() }),
});
const phaseCases = z
  .object({ cases: z.array(z.unknown()) })
  .parse(calculationCases)
  .cases.filter((c) => z.object({ kind: z.literal("lunar_phase_time") }).safeParse(c).success)
  .map((c) => PhaseCaseSchema.parse(c));

describe("principal phases (cases.json lunar_phase_time: AstroPixels tables by F. Espenak via kerykeion)", () => {
  test("all 13 phase cases present", () => expect(phaseCases.length).toBe(13));
  let largest = 0;
  for (const c of phaseCases) {
    // Tolerance 2 min (issue 5 target; published times are minute-rounded).
    test(c.id, () => {
      const found = nextPhase(c.input.phase, new Date(c.input.search_from_utc), config.scan_step_hours, config.tolerance_seconds);
      const error = Math.abs(found.getTime() - Date.parse(c.expected.utc)) / 60_000;
      largest = Math.max(largest, error);
      expect(error).toBeLessThanOrEqual(c.tolerance.minutes);
    });
  }
  test("tracking-cases lunar_phase (AstroEngine tests; timeanddate mirror) within 60 s, full-moon distance within 25 km", () => {
    const map = { new: "new_moon", full: "full_moon" } as const;
    for (const c of casesOfKind("lunar_phase")) {
      const phase = map[String(c.input.phase) as keyof typeof map];
      const found = nextPhase(phase, new Date(String(c.input.search_from)), config.scan_step_hours, config.tolerance_seconds);
      const seconds = Math.abs(found.getTime() - Date.parse(String(c.expected.time_utc))) / 1000;
      largest = Math.max(largest, seconds / 60);
      expect(seconds).toBeLessThanOrEqual(Number(c.tolerance.seconds));
      if (c.expected.geocentric_distance_km !== undefined) {
        // Distance at the published minute (the source rounds the time, not the distance); ±25 km per the case.
        const km = moonDistanceKm(new Date(String(c.expected.time_utc)));
        expect(Math.abs(km - Number(c.expected.geocentric_distance_km))).toBeLessThanOrEqual(Number(c.tolerance.km));
      }
    }
  });
  test("largest phase error reported", () => {
    console.log(`lunar phases: largest |Δt| ${largest.toFixed(2)} min over ${phaseCases.length + 2} cases`);
    expect(largest).toBeGreaterThan(0);
  });
  test("phases in a window are sorted and alternate through the four", () => {
    const found = phasesInWindow(new Date("2025-01-01T00:00:00Z"), new Date("2025-03-01T00:00:00Z"), 2, 1);
    expect(found.length).toBeGreaterThanOrEqual(7);
    const order = ["new_moon", "first_quarter", "full_moon", "last_quarter"];
    for (let i = 1; i < found.length; i++) {
      expect(order.indexOf(found[i]?.phase ?? "")).toBe((order.indexOf(found[i - 1]?.phase ?? "") + 1) % 4);
    }
  });
});

describe("distance, apsides and supermoons", () => {
  test("perigee cases (Space.com via observatorial; particle.news / News12): distance within 25 km", () => {
    for (const c of casesOfKind("lunar_perigee")) {
      const from = new Date(String(c.input.search_from));
      const perigee = lunarApsides(from, new Date(from.getTime() + 10 * 86_400_000), 1).find((a) => a.kind === "perigee");
      const error = Math.abs((perigee?.distance_km ?? 0) - Number(c.expected.distance_km));
      console.log(`${c.id}: |Δd| ${error.toFixed(1)} km`);
      expect(error).toBeLessThanOrEqual(Number(c.tolerance.km));
    }
    // perigee-2025-11-05: 22:27–22:30 UTC published; ±5 min around that range per the case.
    const c = trackingCase("perigee-2025-11-05");
    const perigee = lunarApsides(new Date(String(c.input.search_from)), new Date("2025-11-10T00:00:00Z"), 1).find((a) => a.kind === "perigee");
    const t = perigee?.time.getTime() ?? 0;
    expect(t).toBeGreaterThanOrEqual(Date.parse("2025-11-05T22:27:00Z") - 5 * 60_000);
    expect(t).toBeLessThanOrEqual(Date.parse("2025-11-05T22:30:00Z") + 5 * 60_000);
  });

  test("supermoon-set-2025 (News12, particle.news): the full moons at ≥ 90 % are Oct 7, Nov 5, Dec 4; Nov 5 closest", () => {
    const c = trackingCase("supermoon-set-2025");
    const fullMoons = phasesInWindow(new Date("2025-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"), 2, 1).filter((p) => p.phase === "full_moon");
    const scored = fullMoons.map((p) => ({ date: p.time.toISOString().slice(0, 10), score: supermoonScore(p.time, 1).score, km: moonDistanceKm(p.time) }));
    const supermoons = scored.filter((s) => s.score >= config.supermoon_threshold).map((s) => s.date);
    expect(supermoons).toEqual(c.expected.full_moons as string[]);
    const closest = scored.reduce((best, s) => (s.km < best.km ? s : best));
    expect(closest.date).toBe(String(c.expected.closest));
  });
});

describe("lunar snapshot", () => {
  const at = new Date("2024-10-17T11:26:00Z");
  const snapshot = lunarSnapshot(at, config);
  test("matches the schema of DESIGN.md §4 and is a full supermoon", () => {
    expect(LunarSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.phase_name).toBe("full_moon");
    expect(snapshot.illumination).toBeGreaterThan(0.99);
    expect(snapshot.supermoon.is_supermoon).toBe(true);
    expect(snapshot.moon.sign).toBe("aries");
  });
  test("next phases are strictly after the instant and within a month", () => {
    for (const time of Object.values(snapshot.next_phases)) {
      expect(Date.parse(time)).toBeGreaterThan(at.getTime());
      expect(Date.parse(time) - at.getTime()).toBeLessThan(30 * 86_400_000);
    }
    expect(Date.parse(snapshot.next_ingress.time)).toBeGreaterThan(at.getTime());
  });
  test("eight phase names on 45° sectors; waxing and waning told apart", () => {
    expect([0, 45, 90, 135, 180, 225, 270, 315, 359].map(phaseName)).toEqual([
      "new_moon", "waxing_crescent", "first_quarter", "waxing_gibbous", "full_moon", "waning_gibbous", "last_quarter", "waning_crescent", "new_moon",
    ]);
    const waning = lunarSnapshot(new Date("2025-06-18T19:19:00Z"), config);
    expect(waning.phase_name).toBe("last_quarter");
    expect(waning.waxing).toBe(false);
    expect(Math.abs(waning.phase_angle - 270)).toBeLessThan(0.1);
    expect(Math.abs(waning.illumination - 0.5)).toBeLessThan(0.02);
  });
  test("per user: lunar return and Moon sign against the natal Moon", () => {
    const here = userLunar(at, snapshot.moon.longitude, config);
    expect(here.lunar_return.active).toBe(true);
    expect(here.same_sign).toBe(true);
    // The next return is one sidereal month (27.32 d) later, ± the Moon's speed variation.
    const days = (Date.parse(here.lunar_return.next) - at.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(26.5);
    expect(days).toBeLessThan(28);
    const opposite = userLunar(at, (snapshot.moon.longitude + 180) % 360, config);
    expect(opposite.lunar_return.active).toBe(false);
    expect(opposite.sign_distance).toBe(6);
  });
});
