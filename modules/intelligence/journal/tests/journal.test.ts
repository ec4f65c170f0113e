import { describe, expect, test } from "bun:test";
import { GuttersError } from "../../../../core/errors.ts";
import { bodyStates } from "../../../tracking/transits/positions.ts";
import { phaseLookup, phaseQuarter } from "../../history.ts";
import { JournalConfigSchema, JournalEntrySchema } from "../schemas.ts";
import { cosmicContext, createJournalEntry, withContext } from "../service.ts";

const config = JournalConfigSchema.parse({});
const NOW = new Date("2026-03-01T12:00:00.000Z");

function validationError(run: () => unknown): GuttersError {
  try {
    run();
  } catch (error) {
    if (error instanceof GuttersError) return error;
    throw error;
  }
  throw new Error("expected a validation error");
}

describe("createJournalEntry", () => {
  test("assigns id, user and time; lower-cases symptoms and tags", () => {
    const entry = createJournalEntry({ text: "Headache all day", mood: 4, symptoms: [" Headache "], tags: ["Work"] }, { id: "e1", user_id: "u1" }, NOW, config);
    expect(entry).toEqual({ id: "e1", user_id: "u1", time: NOW.toISOString(), text: "Headache all day", mood: 4, symptoms: ["headache"], tags: ["work"] });
    expect(JournalEntrySchema.parse(entry)).toEqual(entry);
  });

  test("keeps a client id and time, so a retried request is the same entry", () => {
    const entry = createJournalEntry({ id: "client-7", time: "2026-02-27T08:00:00.000Z", text: "" }, { id: "e1", user_id: "u1" }, NOW, config);
    expect(entry.id).toBe("client-7");
    expect(entry.time).toBe("2026-02-27T08:00:00.000Z");
  });

  test("names every bad field: mood out of 1–10, energy not an integer, time not ISO", () => {
    const error = validationError(() => createJournalEntry({ text: "x", mood: 11, energy: 2.5, time: "yesterday" }, { id: "e", user_id: "u" }, NOW, config));
    expect(error.status).toBe(400);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["energy", "mood", "time"]);
  });

  test("a text longer than configured is refused, naming the field", () => {
    const short = JournalConfigSchema.parse({ max_text_length: 5 });
    const error = validationError(() => createJournalEntry({ text: "too long" }, { id: "e", user_id: "u" }, NOW, short));
    expect(error.issues.map((issue) => issue.path)).toEqual(["text"]);
  });
});

describe("cosmicContext", () => {
  // USNO Astronomical Applications, phases of the Moon 2024: full moon 2024-01-25 17:54 UTC, new moon 2024-02-09 22:59 UTC.
  test("at a published full moon the phase angle is 180° ± 0.1° (the Moon moves 0.5°/h; a minute of table rounding is 0.01°)", () => {
    const context = cosmicContext(new Date("2024-01-25T17:54:00Z"), { solar: [] }, config);
    expect(Math.abs(context.lunar.phase_angle - 180)).toBeLessThan(0.1);
    expect(context.lunar.phase_name).toBe("full_moon");
    expect(context.lunar.quarter).toBe("full");
    // The full Moon of 2024-01-25 stood at 5°15′ Leo (opposite the Sun at 5°15′ Aquarius).
    expect(context.lunar.moon_sign).toBe("leo");
    expect(context.kp).toBeNull();
    expect(context.storm).toBe(false);
  });

  test("at a published new moon the phase angle is within 0.1° of 0°", () => {
    const context = cosmicContext(new Date("2024-02-09T22:59:00Z"), { solar: [] }, config);
    expect(Math.min(context.lunar.phase_angle, 360 - context.lunar.phase_angle)).toBeLessThan(0.1);
    expect(context.lunar.quarter).toBe("new");
  });

  test("Kp is the latest reading at or before the time within the configured age", () => {
    const solar = [
      { time: "2024-01-25T12:00:00Z", kp: 3 },
      { time: "2024-01-25T15:00:00Z", kp: 6 },
      { time: "2024-01-25T18:00:00Z", kp: 2 },
    ];
    const context = cosmicContext(new Date("2024-01-25T17:54:00Z"), { solar, transits: ["saturn square sun"] }, config);
    expect(context.kp).toEqual({ value: 6, time: "2024-01-25T15:00:00.000Z" });
    expect(context.storm).toBe(true);
    expect(context.transits).toEqual(["saturn square sun"]);
    // Older than kp_max_age_hours (3 h): no reading applies.
    expect(cosmicContext(new Date("2024-01-25T21:30:00Z"), { solar }, config).kp).toBeNull();
  });

  test("transits to natal points within the exact orb (1°) are labelled `body aspect point`; wider ones are not", () => {
    const at = new Date("2024-01-25T17:54:00Z");
    const saturn = bodyStates(at).find((state) => state.body === "saturn")?.longitude as number;
    // Natal points placed against the ephemeris's own Saturn: 0.5° from a square, 2° from a trine.
    const natal = { sun: (saturn + 90.5) % 360, venus: (saturn + 122) % 360 };
    const context = cosmicContext(at, { solar: [], natal, transits: ["given label"] }, config);
    expect(context.transits).toContain("saturn square sun");
    expect(context.transits.some((label) => label.endsWith(" venus") && label.startsWith("saturn"))).toBe(false);
    expect(context.transits).toContain("given label");
    const wide = cosmicContext(at, { solar: [], natal }, JournalConfigSchema.parse({ exact_orb_deg: 3 }));
    expect(wide.transits).toContain("saturn trine venus");
  });

  test("withContext attaches the context to the entry", () => {
    const entry = createJournalEntry({ text: "x", time: "2024-01-25T17:54:00.000Z" }, { id: "e", user_id: "u" }, NOW, config);
    expect(withContext(entry, { solar: [] }, config).context?.lunar.quarter).toBe("full");
  });
});

describe("phase history", () => {
  test("quarters are 90° sectors centred on 0°, 90°, 180°, 270°", () => {
    expect([0, 44.9, 45, 134.9, 135, 224.9, 225, 314.9, 315, 359.9].map(phaseQuarter)).toEqual([
      "new", "new", "waxing", "waxing", "full", "full", "waning", "waning", "new", "new",
    ]);
  });

  test("interpolates forward across 360°, refuses gaps and times outside the history", () => {
    const lookup = phaseLookup([{ time: "2026-01-02T00:00:00Z", phase_angle: 4 }, { time: "2026-01-01T00:00:00Z", phase_angle: 352 }, { time: "2026-01-10T00:00:00Z", phase_angle: 100 }], 48);
    expect(lookup.at(Date.parse("2026-01-01T12:00:00Z"))).toBeCloseTo(358, 10);
    expect(lookup.at(Date.parse("2026-01-01T00:00:00Z"))).toBe(352);
    expect(lookup.at(Date.parse("2025-12-31T00:00:00Z"))).toBeNull();
    expect(lookup.at(Date.parse("2026-01-05T00:00:00Z"))).toBeNull();
    expect(lookup.at(Date.parse("2026-01-11T00:00:00Z"))).toBeNull();
  });
});
