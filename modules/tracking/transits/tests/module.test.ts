import { describe, expect, test } from "bun:test";
import { defineTrackingModule, type TrackedUser, type TrackingOccurrence } from "../../../contract.ts";
import { trackingCase } from "../../solar/tests/cases.ts";
import { transitsModule } from "../module.ts";
import { canonicalCrossing } from "../occurrences.ts";
import { TransitsSnapshotSchema } from "../schemas.ts";

const config = transitsModule.config.parse({});
const MINUTE = 60_000;

function shifted(iso: string, minutes: number): Date {
  return new Date(Date.parse(iso) + minutes * MINUTE);
}

function tick(windowStart: Date, at: Date, users: readonly TrackedUser[] = []) {
  const result = transitsModule.tick({ at, windowStart, config, observation: undefined, users });
  expect(transitsModule.snapshot.safeParse(result.snapshot).success).toBe(true);
  return result;
}

function ofType(occurrences: TrackingOccurrence[], type: string): TrackingOccurrence[] {
  return occurrences.filter((o) => o.type === type);
}

function minutesApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / MINUTE;
}

describe("transits module descriptor", () => {
  test("config defaults carry the schedule: 900 s cadence, 90 days of history, orbs 8/8/6/6/4", () => {
    expect(config.cadence_seconds).toBe(900);
    expect(config.history_days).toBe(90);
    expect(config.orbs).toEqual({ conjunction: 8, opposition: 8, square: 6, trine: 6, sextile: 4 });
  });
  test("defineTrackingModule accepts it; the snapshot schema is the transits snapshot", () => {
    expect(defineTrackingModule(transitsModule)).toBe(transitsModule);
    expect(transitsModule.name).toBe("transits");
    expect(transitsModule.version).toBe("1.0.0");
    expect(transitsModule.snapshot).toBe(TransitsSnapshotSchema);
  });
});

describe("canonical crossing", () => {
  test("the same root whichever nearby estimate it starts from, on the minute nearest the root", () => {
    // A straight line through zero at 12:00:29.9: estimates on both sides of the half minute agree.
    const root = Date.parse("2025-01-01T12:00:29.900Z");
    const f = (t: Date) => (t.getTime() - root) / 1000;
    const a = canonicalCrossing(f, new Date(root - 800));
    const b = canonicalCrossing(f, new Date(root + 900));
    expect(a?.minute).toBe("2025-01-01T12:00Z");
    expect(b).toEqual(a);
    expect(Math.abs((a?.time.getTime() ?? 0) - root)).toBeLessThanOrEqual(2);
    expect(canonicalCrossing(() => 1, new Date(root))).toBeNull();
  });
});

describe("ingresses (tracking-cases.json, kind ingress)", () => {
  for (const id of ["ingress-sun-capricorn-2025-12-21", "ingress-mars-capricorn-2025-12-15", "ingress-venus-sagittarius-2025-11-30"]) {
    const c = trackingCase(id);
    const expected = String(c.expected.time_utc);
    const body = String(c.input.body).toLowerCase();
    const sign = String(c.input.sign).toLowerCase();
    test(`${id}: cosmic.ingress ${body} → ${sign} in the window, same key from an overlapping window, none after`, () => {
      const find = (o: TrackingOccurrence[]) => ofType(o, "cosmic.ingress").filter((x) => x.data.body === body);
      const first = find(tick(shifted(expected, -6), shifted(expected, 4)).occurrences);
      const second = find(tick(shifted(expected, -3), shifted(expected, 9)).occurrences);
      const after = find(tick(shifted(expected, 9), shifted(expected, 25)).occurrences);
      expect(first.length).toBe(1);
      expect(first[0]?.data).toMatchObject({ body, sign, direction: String(c.input.direction) });
      expect(minutesApart(first[0]?.time ?? "", expected)).toBeLessThanOrEqual(Number(c.tolerance.minutes));
      expect(second.map((o) => o.key)).toEqual(first.map((o) => o.key));
      expect(after).toEqual([]);
    });
  }
});

describe("stations (tracking-cases.json, kind station)", () => {
  for (const [id, type] of [
    ["station-mercury-direct-2025-11-29", "cosmic.retrograde.end"],
    ["station-venus-retrograde-2018-10-05", "cosmic.retrograde.start"],
  ] as const) {
    const c = trackingCase(id);
    const expected = String(c.expected.time_utc);
    const tolerance = Number(c.tolerance.minutes);
    const body = String(c.input.body).toLowerCase();
    test(`${id}: ${type} in the window, same key from an overlapping window, none after`, () => {
      const first = ofType(tick(shifted(expected, -tolerance - 5), shifted(expected, tolerance + 2)).occurrences, type);
      const second = ofType(tick(shifted(expected, -tolerance - 2), shifted(expected, tolerance + 5)).occurrences, type);
      const after = ofType(tick(shifted(expected, tolerance + 5), shifted(expected, tolerance + 30)).occurrences, type);
      expect(first.length).toBe(1);
      expect(first[0]?.data).toMatchObject({ body, direction: String(c.input.station) });
      expect(minutesApart(first[0]?.time ?? "", expected)).toBeLessThanOrEqual(tolerance);
      expect(second.map((o) => o.key)).toEqual(first.map((o) => o.key));
      expect(after).toEqual([]);
    });
  }
});

describe("exact transits per user", () => {
  // At the published ingresses the Sun is exactly at 270° and Mars exactly at 270°, so natal points at 270°,
  // 180° and 330° are conjoined, squared and sextiled then (tracking-cases.json, each case's source).
  const sun = trackingCase("ingress-sun-capricorn-2025-12-21");
  const mars = trackingCase("ingress-mars-capricorn-2025-12-15");
  const sunTime = String(sun.expected.time_utc);
  const marsTime = String(mars.expected.time_utc);
  const users: TrackedUser[] = [
    { user_id: "capricorn-sun", points: { sun: 270 } },
    { user_id: "libra-moon", points: { moon: 180, venus: 100 } },
    { user_id: "pisces-venus", points: { venus: 330 } },
    { user_id: "unrelated", points: { sun: 100, moon: 55.5 } },
  ];

  const made = [
    ["capricorn-sun", "conjunction", "sun"],
    ["libra-moon", "square", "moon"],
    ["pisces-venus", "sextile", "venus"],
  ];
  const madeBy = (o: TrackingOccurrence[]) => o.map((x) => [String(x.subject), x.data.aspect, x.data.natal_body]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  test(`${sun.id}: Sun conjunct natal Sun, square natal Moon, sextile natal Venus, for those users only`, () => {
    const exact = ofType(tick(shifted(sunTime, -6), shifted(sunTime, 4), users).occurrences, "cosmic.transit.exact");
    const bySun = exact.filter((o) => o.data.body === "sun");
    expect(madeBy(bySun)).toEqual(made);
    for (const o of bySun) expect(minutesApart(o.time, sunTime)).toBeLessThanOrEqual(Number(sun.tolerance.minutes));
    expect(exact.some((o) => o.subject === "unrelated")).toBe(false);
    expect(bySun[0]?.key).toStartWith("cosmic.transit.exact/capricorn-sun/sun/conjunction/sun/");
  });

  test(`${mars.id}: the same three aspects by Mars, same keys from an overlapping window, none after`, () => {
    const pick = (o: TrackingOccurrence[]) => ofType(o, "cosmic.transit.exact").filter((x) => x.data.body === "mars");
    const first = pick(tick(shifted(marsTime, -6), shifted(marsTime, 4), users).occurrences);
    const second = pick(tick(shifted(marsTime, -2), shifted(marsTime, 12), users).occurrences);
    const after = pick(tick(shifted(marsTime, 12), shifted(marsTime, 30), users).occurrences);
    expect(madeBy(first)).toEqual(made);
    for (const o of first) expect(minutesApart(o.time, marsTime)).toBeLessThanOrEqual(Number(mars.tolerance.minutes));
    expect(second.map((o) => o.key)).toEqual(first.map((o) => o.key));
    expect(after).toEqual([]);
  });

  test("10 000 users in one tick: occurrences exactly for the 100 whose natal Sun sits at 270°", () => {
    const hit: Record<string, number> = { sun: 270 };
    const miss: Record<string, number> = { sun: 100, moon: 55.5 };
    const many: TrackedUser[] = Array.from({ length: 10_000 }, (_, i) => ({
      user_id: `u${i}`,
      points: i % 100 === 0 ? hit : miss,
    }));
    const started = performance.now();
    const exact = ofType(tick(shifted(sunTime, -6), shifted(sunTime, 4), many).occurrences, "cosmic.transit.exact");
    console.log(`transit tick, 10 000 users, 10-minute window: ${(performance.now() - started).toFixed(0)} ms`);
    expect(exact.length).toBe(100);
    expect(new Set(exact.map((o) => o.key)).size).toBe(100);
    expect(exact.every((o) => Number(o.subject?.slice(1)) % 100 === 0)).toBe(true);
  });
});

describe("transits contribution", () => {
  const at = new Date("2025-12-21T15:03:00Z");
  const snapshot = transitsModule.snapshotAt?.(at, config);
  if (!snapshot) throw new Error("the transits module computes snapshots for any instant");

  test("general context lists retrograde bodies", () => {
    const general = transitsModule.contribute(snapshot, undefined, config);
    expect(general.data.retrograde).toEqual(snapshot.bodies.filter((b) => b.retrograde).map((b) => b.body));
    expect(general.insights.length).toBe(snapshot.bodies.filter((b) => b.retrograde).length);
  });

  test("for a user: the tightest aspect first, then upcoming exact transits after the instant, deterministic", () => {
    const saturn = snapshot.bodies.find((b) => b.body === "saturn");
    const user: TrackedUser = { user_id: "u", points: { sun: saturn?.longitude ?? 0 } };
    const mine = transitsModule.contribute(snapshot, user, config);
    const aspects = mine.data.tightest_aspects as { body: string; aspect: string; orb: number }[];
    expect(aspects[0]).toMatchObject({ body: "saturn", aspect: "conjunction" });
    expect(aspects[0]?.orb).toBeLessThan(1e-9);
    const next = mine.data.next_exact as { time: string }[];
    expect(next.length).toBe(config.contribution_exact);
    expect(next.every((e) => Date.parse(e.time) > at.getTime())).toBe(true);
    expect(transitsModule.contribute(snapshot, user, config)).toEqual(mine);
  });
});
