import { describe, expect, test } from "bun:test";
import { BirthDataSchema, type BirthDataInput, dateParts, MAX_YEAR, MIN_YEAR } from "../../../modules/birth-data.ts";

const EINSTEIN: BirthDataInput = {
  name: "Albert Einstein",
  date: "1879-03-14",
  time: "11:30",
  timezone: "Europe/Berlin",
  utc_offset: "+00:40",
  latitude: 48.4011,
  longitude: 9.9876,
  place: "Ulm, Germany",
  calendar: "gregorian",
};

/** The issue paths of a rejected input, in zod's order. */
function issuePaths(input: unknown): string[] {
  const result = BirthDataSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
}

const minimal = (patch: Record<string, unknown>) => ({ date: "1990-06-15", latitude: 0, longitude: 0, ...patch });

describe("BirthDataSchema", () => {
  test("accepts the design's example unchanged", () => {
    expect(BirthDataSchema.parse(EINSTEIN)).toEqual({ ...EINSTEIN, calendar: "gregorian" });
  });

  test("defaults the calendar to gregorian and trims the name", () => {
    expect(BirthDataSchema.parse(minimal({ name: "  Ada Lovelace " }))).toEqual({
      ...minimal({ name: "Ada Lovelace" }),
      calendar: "gregorian",
    });
  });

  test("accepts seconds in the time", () => {
    expect(issuePaths(minimal({ time: "23:59:59", utc_offset: "-03:30" }))).toEqual([]);
  });

  test.each([
    ["a timezone", { timezone: "America/New_York" }],
    ["a utc_offset", { utc_offset: "+05:30" }],
  ])("a time with %s is enough", (_label, zone) => {
    expect(issuePaths(minimal({ time: "08:15", ...zone }))).toEqual([]);
  });

  test("a time without zone or offset is an issue at timezone", () => {
    const result = BirthDataSchema.safeParse(minimal({ time: "08:15" }));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["timezone"], message: "a birth time needs a timezone (IANA name) or a utc_offset" }),
    ]);
  });

  test("no time needs no zone", () => {
    expect(issuePaths(minimal({}))).toEqual([]);
  });

  test("Feb 29 1700 exists in the Julian calendar but not in the Gregorian", () => {
    expect(issuePaths(minimal({ date: "1700-02-29", calendar: "julian" }))).toEqual([]);
    const gregorian = BirthDataSchema.safeParse(minimal({ date: "1700-02-29", calendar: "gregorian" }));
    expect(gregorian.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["date", "no such day in the gregorian calendar"],
    ]);
    expect(issuePaths(minimal({ date: "1700-02-29" }))).toEqual(["date"]);
  });

  test("Feb 29 2000 exists in both; 1900 only in the Julian", () => {
    expect(issuePaths(minimal({ date: "2000-02-29" }))).toEqual([]);
    expect(issuePaths(minimal({ date: "1900-02-29" }))).toEqual(["date"]);
    expect(issuePaths(minimal({ date: "1900-02-29", calendar: "julian" }))).toEqual([]);
    expect(issuePaths(minimal({ date: "1901-02-29", calendar: "julian" }))).toEqual(["date"]);
  });

  test.each(["1990-04-31", "1990-06-31", "1990-02-30"])("%s is no day", (date) => {
    expect(issuePaths(minimal({ date }))).toEqual(["date"]);
  });

  test("accepts the edges of the year range and refuses one beyond", () => {
    expect(issuePaths(minimal({ date: `${MIN_YEAR}-01-01` }))).toEqual([]);
    expect(issuePaths(minimal({ date: `${MAX_YEAR}-12-31` }))).toEqual([]);
    const early = BirthDataSchema.safeParse(minimal({ date: `${MIN_YEAR - 1}-12-31` }));
    expect(early.error?.issues.map((issue) => issue.message)).toEqual(["year must be between 1500 and 2200"]);
    expect(issuePaths(minimal({ date: `${MAX_YEAR + 1}-01-01` }))).toEqual(["date"]);
  });

  test.each(["1990-6-15", "15/06/1990", "1990-06-15T00:00", "1990-13-01", "1990-00-10", "1990-01-00"])(
    "refuses the date %p",
    (date) => {
      expect(issuePaths(minimal({ date }))).toContain("date");
    },
  );

  test.each(["+15:00", "+14:60", "05:00", "+5:00", "+05", "UTC+1", "+05:30:00"])("refuses the offset %p", (utc_offset) => {
    expect(issuePaths(minimal({ utc_offset }))).toEqual(["utc_offset"]);
  });

  test.each(["+14:00", "-12:00", "+00:00", "-00:25"])("accepts the offset %p", (utc_offset) => {
    expect(issuePaths(minimal({ utc_offset }))).toEqual([]);
  });

  test.each(["24:00", "7:30", "12:60", "12:30:60", "noon"])("refuses the time %p", (time) => {
    expect(issuePaths(minimal({ time, utc_offset: "+00:00" }))).toEqual(["time"]);
  });

  test("refuses an unknown time zone", () => {
    expect(issuePaths(minimal({ timezone: "Mars/Olympus_Mons" }))).toEqual(["timezone"]);
  });

  test("refuses coordinates out of range and unknown fields", () => {
    expect(issuePaths(minimal({ latitude: 90.5, longitude: -180.1 }))).toEqual(["latitude", "longitude"]);
    expect(issuePaths(minimal({ lat: 1 }))).toEqual([""]);
    expect(issuePaths({ date: "1990-06-15" })).toEqual(["latitude", "longitude"]);
  });

  test("refuses an unknown calendar and an empty name", () => {
    expect(issuePaths(minimal({ calendar: "hebrew" }))).toEqual(["calendar"]);
    expect(issuePaths(minimal({ name: "   " }))).toEqual(["name"]);
  });
});

describe("dateParts", () => {
  test("splits the date into numbers", () => {
    expect(dateParts({ date: "0999-02-03" })).toEqual({ year: 999, month: 2, day: 3 });
    expect(dateParts(BirthDataSchema.parse(EINSTEIN))).toEqual({ year: 1879, month: 3, day: 14 });
  });
});

describe("labels", () => {
  test("a control character in name or place is a 400 naming the field (some stores cannot keep NUL)", () => {
    const result = BirthDataSchema.safeParse({ ...VALID_LABELS_BASE, place: "Ulm\u0000" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["place"]);
    expect(BirthDataSchema.safeParse({ ...VALID_LABELS_BASE, name: "A\u0007B" }).error?.issues.map((issue) => issue.path.join("."))).toEqual(["name"]);
    expect(BirthDataSchema.safeParse({ ...VALID_LABELS_BASE, place: "𝕏🙂 Zürich" }).success).toBe(true);
  });
});

const VALID_LABELS_BASE = { date: "1990-01-01", latitude: 10, longitude: 10 };
