import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../../core/errors.ts";
import { NoaaTimeSchema, parseNoaaText, toRecords } from "../noaa-json.ts";
import { parsePlasma } from "../wind.ts";
import { trackingCase } from "./cases.ts";

describe("NOAA JSON text", () => {
  test("bare NaN tokens become missing values, not a rejected document (rtsw_wind_1m report 2026-08-11)", () => {
    // Payload of swpc-rtsw-wind-active with the newest row's speed replaced by the bare token seen in the feed.
    const c = trackingCase("swpc-rtsw-wind-active");
    const text = JSON.stringify(c.input.payload).replace("276.9", "NaN");
    expect(() => JSON.parse(text)).toThrow();
    const rows = parsePlasma(parseNoaaText(text, "rtsw_wind_1m"));
    const newest = rows[rows.length - 1];
    expect(newest?.time).toBe("2026-08-07T01:24:00.000Z");
    expect(newest?.speed).toBeNull();
    expect(newest?.density).toBe(3.09);
  });

  test("a NaN inside a string is left alone", () => {
    expect(parseNoaaText('{"message":"NaN is not a number","v":NaN}', "x")).toEqual({ message: "NaN is not a number", v: null });
  });

  test("truncated JSON is a clear ValidationError naming the product", () => {
    const text = JSON.stringify(trackingCase("swpc-kp1m-latest").input.payload).slice(0, 60);
    let caught: unknown;
    try {
      parseNoaaText(text, "planetary_k_index_1m");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).message).toContain("planetary_k_index_1m: truncated or invalid JSON");
    expect(() => parseNoaaText("  ", "x")).toThrow("empty body");
  });

  test("time tags without a zone are UTC whatever the host zone (tracking-notes §4)", () => {
    expect(NoaaTimeSchema.parse("2026-03-08 06:00:00.000")).toBe("2026-03-08T06:00:00.000Z");
    expect(NoaaTimeSchema.parse("2026-08-07T01:24:00")).toBe("2026-08-07T01:24:00.000Z");
    expect(NoaaTimeSchema.parse("2026-08-07T01:24:00Z")).toBe("2026-08-07T01:24:00.000Z");
    expect(NoaaTimeSchema.safeParse("yesterday").success).toBe(false);
  });

  test("header-row tables and object arrays give the same records; other shapes are rejected", () => {
    expect(toRecords([["a", "b"], ["1", null]], "t")).toEqual([{ a: "1", b: null }]);
    expect(toRecords([{ a: 1 }], "t")).toEqual([{ a: 1 }]);
    expect(() => toRecords([], "t")).toThrow("no data rows");
    expect(() => toRecords([["a", "b"]], "t")).toThrow("no data rows");
    expect(() => toRecords({ a: 1 }, "t")).toThrow(ValidationError);
    expect(() => toRecords([[1, 2]], "t")).toThrow(ValidationError);
  });
});
