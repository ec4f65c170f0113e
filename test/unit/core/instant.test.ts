import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../core/errors.ts";
import { isInstantInRange, MAX_YEAR, MIN_YEAR, parseInstant } from "../../../core/instant.ts";
import { BirthDataSchema } from "../../../modules/birth-data.ts";

function rejection(value: string, field: string): ValidationError {
  try {
    parseInstant(value, field);
  } catch (error) {
    if (error instanceof ValidationError) return error;
  }
  throw new Error(`expected ${value} to be refused`);
}

describe("the one accepted range of instants", () => {
  test("both ends are inside, a millisecond beyond is outside", () => {
    expect(isInstantInRange(new Date(`${MIN_YEAR}-01-01T00:00:00Z`))).toBe(true);
    expect(isInstantInRange(new Date(`${MAX_YEAR}-12-31T23:59:59.999Z`))).toBe(true);
    expect(isInstantInRange(new Date(Date.UTC(MIN_YEAR, 0, 1) - 1))).toBe(false);
    expect(isInstantInRange(new Date(Date.UTC(MAX_YEAR + 1, 0, 1)))).toBe(false);
    expect(isInstantInRange(new Date(Number.NaN))).toBe(false);
  });

  test("parseInstant: empty is absent, ISO forms are read, out of range is a 400 naming the field", () => {
    expect(parseInstant(undefined, "at")).toBeUndefined();
    expect(parseInstant("", "at")).toBeUndefined();
    expect(parseInstant("2026-11-26T12:00:00+01:00", "at")?.toISOString()).toBe("2026-11-26T11:00:00.000Z");
    expect(parseInstant("2026-11-26", "at")?.toISOString()).toBe("2026-11-26T00:00:00.000Z");
    const far = rejection("9999-12-31T23:59:59Z", "at");
    expect(far.status).toBe(400);
    expect(far.issues).toEqual([{ path: "at", message: `expected a year from ${MIN_YEAR} to ${MAX_YEAR}` }]);
    expect(rejection("1499-12-31T23:59:59Z", "from").issues[0]?.path).toBe("from");
  });

  test("malformed instants are refused without echoing them", () => {
    for (const value of ["tomorrow", "2026-13-45T99:99:99Z", "+275760-09-13T00:00:00Z", "2026-01-01T00:00:00Z".repeat(10), "$gt"]) {
      const error = rejection(value, "--at");
      expect(error.issues[0]?.path).toBe("--at");
      expect(error.message).not.toContain(value);
    }
  });

  test("birth dates use the same range", () => {
    const birth = { date: `${MAX_YEAR + 1}-01-01`, latitude: 0, longitude: 0 };
    expect(BirthDataSchema.safeParse(birth).error?.issues.map((issue) => issue.path.join("."))).toEqual(["date"]);
  });
});
