import { describe, expect, test } from "bun:test";
import { z } from "zod";
import calculationCases from "../../../../test/fixtures/reference/cases.json" with { type: "json" };
import { defineTrackingModule, type TrackedUser, type TrackingOccurrence } from "../../../contract.ts";
import { trackingCase } from "../../solar/tests/cases.ts";
import { lunarModule } from "../module.ts";
import { LunarSnapshotSchema } from "../schemas.ts";

const config = lunarModule.config.parse({});
const MINUTE = 60_000;

const PhaseCaseSchema = z.object({
  id: z.string(),
  kind: z.literal("lunar_phase_time"),
  input: z.object({ phase: z.enum(["new_moon", "first_quarter", "full_moon", "last_quarter"]) }),
  expected: z.object({ utc: z.iso.datetime() }),
  tolerance: z.object({ minutes: z.number() }),
  source: z.object({ repo: z.string(), upstream: z.string() }),
});
const phaseCases = z
  .object({ cases: z.array(z.unknown()) })
  .parse(calculationCases)
  .cases.flatMap((c) => {
    const parsed = PhaseCaseSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
function phaseCase(id: string): z.infer<typeof PhaseCaseSchema> {
  const found = phaseCases.find((c) => c.id === id);
  if (!found) throw new Error(`no lunar_phase_time case ${id}`);
  return found;
}

function shifted(iso: string, minutes: number): Date {
  return new Date(Date.parse(iso) + minutes * MINUTE);
}

function tick(windowStart: Date, at: Date, users: TrackedUser[] = []) {
  const result = lunarModule.tick({ at, windowStart, config, observation: undefined, users });
  // Every tick's snapshot is what the runtime stores and retains, so it must satisfy the declared schema.
  expect(lunarModule.snapshot.safeParse(result.snapshot).success).toBe(true);
  return result;
}

function ofType(occurrences: TrackingOccurrence[], type: string): TrackingOccurrence[] {
  return occurrences.filter((o) => o.type === type);
}

function minutesApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / MINUTE;
}

describe("lunar module descriptor", () => {
  test("config defaults carry the schedule: 300 s cadence, 90 days of history", () => {
    expect(config.cadence_seconds).toBe(300);
    expect(config.history_days).toBe(90);
    expect(config.retry_initial_seconds).toBe(5);
    expect(config.voc_bodies).toBe("sun_to_pluto");
  });
  test("defineTrackingModule accepts it; the snapshot schema is the lunar snapshot", () => {
    expect(defineTrackingModule(lunarModule)).toBe(lunarModule);
    expect(lunarModule.name).toBe("lunar");
    expect(lunarModule.version).toBe("1.0.0");
    expect(lunarModule.snapshot).toBe(LunarSnapshotSchema);
  });
  test("a window that is empty or reversed finds nothing", () => {
    const at = new Date("2025-01-06T23:56:00Z");
    expect(tick(at, at).occurrences).toEqual([]);
  });
});

describe("principal phases (AstroPixels via cases.json, tracking-cases.json)", () => {
  const cases = [
    phaseCase("lunar-phase-2025-01-06-FQ"),
    phaseCase("lunar-phase-2001-06-06-FM"),
    phaseCase("lunar-phase-2015-01-13-LQ"),
  ].map((c) => ({ id: c.id, phase: c.input.phase, utc: c.expected.utc, tolerance: c.tolerance.minutes }));
  const newMoon = trackingCase("newmoon-2025-03-29");
  cases.push({ id: newMoon.id, phase: "new_moon", utc: String(newMoon.expected.time_utc), tolerance: Number(newMoon.tolerance.seconds) / 60 });

  for (const c of cases) {
    test(`${c.id}: one cosmic.lunar.phase in the window, same key from an overlapping window, none after`, () => {
      const first = ofType(tick(shifted(c.utc, -6), shifted(c.utc, 4)).occurrences, "cosmic.lunar.phase");
      const second = ofType(tick(shifted(c.utc, -3), shifted(c.utc, 8)).occurrences, "cosmic.lunar.phase");
      const after = ofType(tick(shifted(c.utc, 8), shifted(c.utc, 20)).occurrences, "cosmic.lunar.phase");
      expect(first.length).toBe(1);
      expect(first[0]?.data.phase).toBe(c.phase);
      expect(minutesApart(first[0]?.time ?? "", c.utc)).toBeLessThanOrEqual(c.tolerance);
      expect(first[0]?.key).toStartWith(`cosmic.lunar.phase/${c.phase}/`);
      expect(second.map((o) => o.key)).toEqual(first.map((o) => o.key));
      expect(second[0]?.time).toBe(first[0]?.time ?? "");
      expect(after).toEqual([]);
    });
  }
});

describe("void of course and Moon ingress (tracking-cases.json, kind voc_period)", () => {
  for (const id of ["voc-2017-05-19T0033", "voc-2018-02-01T1058"]) {
    const c = trackingCase(id);
    const start = String(c.expected.void_start_utc);
    const end = String(c.expected.void_end_utc_moon_ingress);
    const [abbreviation, body] = String(c.expected.last_aspect).split(" ");
    const aspect = { sq: "square", tri: "trine" }[abbreviation ?? ""];
    const entered = String(c.input.moon_enters_sign).toLowerCase();

    test(`${id}: voc_start in a window around the published start, with its end and last aspect`, () => {
      const found = ofType(tick(shifted(start, -6), shifted(start, 4)).occurrences, "cosmic.lunar.voc_start");
      const again = ofType(tick(shifted(start, -2), shifted(start, 9)).occurrences, "cosmic.lunar.voc_start");
      expect(found.length).toBe(1);
      const occurrence = found[0];
      expect(minutesApart(occurrence?.time ?? "", start)).toBeLessThanOrEqual(Number(c.tolerance.minutes));
      expect(minutesApart(String(occurrence?.data.end), end)).toBeLessThanOrEqual(Number(c.tolerance.minutes));
      expect(occurrence?.data.last_aspect).toMatchObject({ aspect, body: String(body).toLowerCase() });
      expect(again.map((o) => o.key)).toEqual(found.map((o) => o.key));
    });

    test(`${id}: voc_end and cosmic.ingress (moon enters ${entered}) at the published ingress; nothing between`, () => {
      const around = tick(shifted(end, -6), shifted(end, 4)).occurrences;
      const overlapping = tick(shifted(end, -3), shifted(end, 10)).occurrences;
      const ends = ofType(around, "cosmic.lunar.voc_end");
      const ingresses = ofType(around, "cosmic.ingress");
      expect(ends.length).toBe(1);
      expect(minutesApart(ends[0]?.time ?? "", end)).toBeLessThanOrEqual(Number(c.tolerance.minutes));
      expect(minutesApart(String(ends[0]?.data.start), start)).toBeLessThanOrEqual(Number(c.tolerance.minutes));
      expect(ingresses.length).toBe(1);
      expect(ingresses[0]?.data).toMatchObject({ body: "moon", sign: entered, direction: "direct" });
      expect(ingresses[0]?.time).toBe(ends[0]?.time ?? "");
      expect(overlapping.map((o) => o.key).sort()).toEqual(around.map((o) => o.key).sort());
      // Between the void's start and its end the Moon makes no exact aspect and crosses no sign boundary.
      const middle = tick(shifted(start, 10), shifted(end, -10)).occurrences;
      expect(ofType(middle, "cosmic.lunar.voc_start").concat(ofType(middle, "cosmic.lunar.voc_end"), ofType(middle, "cosmic.ingress"))).toEqual([]);
    });
  }
});

describe("lunar return per user", () => {
  // The Moon enters Virgo (0° Virgo = 150°) at the published void-of-course end, so a natal Moon at 150°
  // returns then (tracking-cases.json voc-2018-02-01T1058, lesliehale-astrology.blogspot.com).
  const c = trackingCase("voc-2018-02-01T1058");
  const ingress = String(c.expected.void_end_utc_moon_ingress);
  const users: TrackedUser[] = [
    { user_id: "virgo-moon", points: { moon: 150, sun: 10 } },
    { user_id: "pisces-moon", points: { moon: 330 } },
    { user_id: "no-moon", points: { sun: 150 } },
  ];

  test("only the user whose natal Moon the Moon reaches gets cosmic.lunar.return, subject = user id", () => {
    const returns = ofType(tick(shifted(ingress, -6), shifted(ingress, 4), users).occurrences, "cosmic.lunar.return");
    expect(returns.map((o) => o.subject)).toEqual(["virgo-moon"]);
    expect(minutesApart(returns[0]?.time ?? "", ingress)).toBeLessThanOrEqual(Number(c.tolerance.minutes));
    expect(returns[0]?.key).toStartWith("cosmic.lunar.return/virgo-moon/");
  });

  test("overlapping windows give the same key; a later window gives none", () => {
    const a = ofType(tick(shifted(ingress, -6), shifted(ingress, 4), users).occurrences, "cosmic.lunar.return");
    const b = ofType(tick(shifted(ingress, -2), shifted(ingress, 12), users).occurrences, "cosmic.lunar.return");
    const later = ofType(tick(shifted(ingress, 12), shifted(ingress, 30), users).occurrences, "cosmic.lunar.return");
    expect(b.map((o) => o.key)).toEqual(a.map((o) => o.key));
    expect(later).toEqual([]);
  });
});

describe("lunar contribution", () => {
  const at = new Date("2025-01-06T23:56:00Z");
  const snapshot = lunarModule.snapshotAt?.(at, config);
  if (!snapshot) throw new Error("the lunar module computes snapshots for any instant");

  test("general context: phase, Moon sign, void of course, deterministic", () => {
    const first = lunarModule.contribute(snapshot, undefined, config);
    expect(first.data).toMatchObject({ phase_name: snapshot.phase_name, moon_sign: snapshot.moon.sign });
    expect(first.data.void_of_course).toEqual({
      active: snapshot.void_of_course.active,
      start: snapshot.void_of_course.start,
      end: snapshot.void_of_course.end,
    });
    expect(first.insights.length).toBeGreaterThan(0);
    expect(lunarModule.contribute(snapshot, undefined, config)).toEqual(first);
  });

  test("for a user: Moon sign against the natal Moon's and the lunar return", () => {
    const near: TrackedUser = { user_id: "near", points: { moon: (snapshot.moon.longitude + 0.5) % 360 } };
    const opposite: TrackedUser = { user_id: "far", points: { moon: (snapshot.moon.longitude + 180) % 360 } };
    const mine = lunarModule.contribute(snapshot, near, config);
    expect(mine.data.lunar_return).toMatchObject({ active: true });
    const other = lunarModule.contribute(snapshot, opposite, config);
    expect(other.data).toMatchObject({ same_sign: false, sign_distance: 6, lunar_return: { active: false } });
    expect(other.insights.some((line) => line.includes("6 signs on from your natal Moon"))).toBe(true);
    // Without a natal Moon there is nothing personal to add.
    expect(lunarModule.contribute(snapshot, { user_id: "none", points: {} }, config)).toEqual(
      lunarModule.contribute(snapshot, undefined, config),
    );
  });
});
