import { describe, expect, test } from "bun:test";
import { SynthesisProgress } from "../../../actors/synthesis-progress.ts";

const EXPECTED = ["astrology", "human_design", "numerology"];

describe("synthesis progress", () => {
  test("complete only when every expected module answered the same event, and only once", () => {
    const progress = new SynthesisProgress(10);
    progress.seed("u1", "e1", ["numerology"]);
    expect(progress.record("u1", "e1", "astrology", EXPECTED)).toBe(false);
    expect(progress.record("u1", "e1", "human_design", EXPECTED)).toBe(true);
    progress.markWritten("u1", "e1");
    expect(progress.record("u1", "e1", "human_design", EXPECTED)).toBe(false);
  });

  test("an answer for another event than the tracked one is ignored", () => {
    const progress = new SynthesisProgress(10);
    progress.seed("u1", "e2", []);
    expect(progress.has("u1", "e1")).toBe(false);
    expect(progress.record("u1", "e1", "astrology", ["astrology"])).toBe(false);
    expect(progress.record("u1", "e2", "astrology", ["astrology"])).toBe(true);
  });

  test("the least recently touched user is forgotten beyond the capacity", () => {
    const progress = new SynthesisProgress(2);
    progress.seed("u1", "e1", []);
    progress.seed("u2", "e2", []);
    progress.record("u1", "e1", "astrology", EXPECTED);
    progress.seed("u3", "e3", []);
    expect(progress.size).toBe(2);
    expect(progress.has("u2", "e2")).toBe(false);
    expect(progress.has("u1", "e1")).toBe(true);
    progress.forget("u1");
    expect(progress.has("u1", "e1")).toBe(false);
  });
});
