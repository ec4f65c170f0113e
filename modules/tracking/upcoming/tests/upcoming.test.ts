import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../../core/errors.ts";
import { trackingCase } from "../../solar/tests/cases.ts";
import { UpcomingConfigSchema, UpcomingSchema } from "../schemas.ts";
import { upcomingEvents } from "../service.ts";

const config = UpcomingConfigSchema.parse({});

function minutes(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 60_000;
}

describe("upcoming events", () => {
  // Window 2025-04-10 → 2025-05-10 holds published events of tracking-cases.json and cases.json.
  const at = new Date("2025-04-10T00:00:00Z");
  const natal = { sun: 353.5, moon: 14.2, venus: 344.4 };
  const result = upcomingEvents(at, 30, config, natal);

  test("shapes of DESIGN.md §8, sorted by time, every event after the instant except a running VoC", () => {
    expect(UpcomingSchema.parse(result)).toEqual(result);
    const times = result.events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const early = result.events.filter((e) => Date.parse(e.time) <= at.getTime());
    expect(early.every((e) => e.type === "void_of_course")).toBe(true);
    expect(new Set(result.events.map((e) => e.type))).toEqual(new Set(["lunar_phase", "ingress", "station", "void_of_course", "transit_exact"]));
  });

  test("published events in the window are listed (ingress and station cases, tracking-cases.json)", () => {
    const checks = [
      { id: "ingress-mercury-aries-2025-04-16", type: "ingress", body: "mercury" },
      { id: "ingress-sun-taurus-2025-04-19", type: "ingress", body: "sun" },
      { id: "ingress-venus-aries-2025-04-30", type: "ingress", body: "venus" },
      { id: "station-venus-direct-2025-04-13", type: "station", body: "venus" },
    ];
    for (const check of checks) {
      const c = trackingCase(check.id);
      const hit = result.events.find(
        (e) => e.type === check.type && "body" in e && e.body === check.body && minutes(e.time, String(c.expected.time_utc)) <= Number(c.tolerance.minutes),
      );
      expect(hit ? check.id : `${check.id} missing`).toBe(check.id);
    }
    const station = result.events.find((e) => e.type === "station" && e.body === "venus");
    expect(station?.type === "station" && station.direction).toBe("direct");
  });

  test("without natal data there are no transit_exact events; a bad window is a ValidationError", () => {
    const general = upcomingEvents(at, 3, config);
    expect(general.events.some((e) => e.type === "transit_exact")).toBe(false);
    expect(() => upcomingEvents(at, 0, config)).toThrow(ValidationError);
    expect(() => upcomingEvents(at, 400, config)).toThrow(ValidationError);
  });

  test("void-of-course events carry start, end, sign and last aspect (voc-2017-05-08T2259, moontracks)", () => {
    const c = trackingCase("voc-2017-05-08T2259");
    const events = upcomingEvents(new Date("2017-05-08T12:00:00Z"), 1, config).events;
    const voc = events.find((e) => e.type === "void_of_course" && minutes(e.time, String(c.expected.void_start_utc)) <= 2);
    expect(voc?.type === "void_of_course" && minutes(voc.end, String(c.expected.void_end_utc_moon_ingress))).toBeLessThanOrEqual(2);
    expect(voc?.type === "void_of_course" && voc.sign).toBe("libra");
    expect(voc?.type === "void_of_course" && voc.last_aspect?.body).toBe("saturn");
  });
});
