import { describe, expect, test } from "bun:test";
import { parseOrThrow, ValidationError } from "../../../core/errors.ts";
import { BirthDataSchema } from "../../../modules/birth-data.ts";
import { resolveBirthInstant } from "../../../modules/sky/birth-time.ts";

/** A distinctive value for each field, so an error that quotes it is easy to spot. */
const MARKED = {
  name: "Zzyzx Quux".repeat(30),
  date: "1879-13-45",
  time: "25:61",
  timezone: "Mars/Olympus_Mons",
  utc_offset: "+99:99",
  latitude: 1879.0314,
  longitude: -1879.0314,
  place: "Q".repeat(500),
  calendar: "mayan-long-count",
};

function rejectionOf(input: unknown): ValidationError {
  try {
    parseOrThrow(BirthDataSchema, input, "birth data");
  } catch (error) {
    if (error instanceof ValidationError) return error;
  }
  throw new Error("expected the input to be refused");
}

describe("errors name the field, not the value", () => {
  test("every bad birth field is named by its path, and no value is repeated", () => {
    const error = rejectionOf(MARKED);
    const text = JSON.stringify(error.toJSON());
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["calendar", "date", "latitude", "longitude", "name", "place", "time", "timezone", "utc_offset"]);
    for (const value of ["Zzyzx", "1879-13-45", "25:61", "Olympus", "+99:99", "1879.0314", "QQQQ", "mayan"]) expect(text).not.toContain(value);
  });

  test("a local time skipped or repeated by the zone is refused on `time` without the date, time or zone", () => {
    const birth = BirthDataSchema.parse({ date: "2021-03-28", time: "02:30", timezone: "Europe/Berlin", latitude: 52.5, longitude: 13.4 });
    let caught: unknown;
    try {
      resolveBirthInstant(birth);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const text = JSON.stringify((caught as ValidationError).toJSON());
    expect((caught as ValidationError).issues[0]?.path).toBe("time");
    expect(text).not.toMatch(/2021-03-28|02:30|Berlin/);
  });
});
