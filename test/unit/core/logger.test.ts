import { describe, expect, test } from "bun:test";
import { createLogger, describeError, type LogLevel } from "../../../core/logger.ts";

function capture(level: LogLevel, base: Record<string, unknown> = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, base, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { logger, lines };
}

const levelsOf = (lines: Record<string, unknown>[]) => lines.map((line) => line.level);

describe("createLogger", () => {
  test("writes one JSON object per call with time, level, message and fields", () => {
    const { logger, lines } = capture("debug");
    logger.info("hello", { user: "u1" });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: "info", message: "hello", user: "u1" });
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
  });

  test.each<[LogLevel, string[]]>([
    ["debug", ["debug", "info", "warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["warn", ["warn", "error"]],
    ["error", ["error"]],
    ["silent", []],
  ])("level %s lets through %p", (level, expected) => {
    const { logger, lines } = capture(level);
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(levelsOf(lines)).toEqual(expected);
  });

  test("a child adds its fields to every line and keeps the parent's level and writer", () => {
    const { logger, lines } = capture("warn", { node: "n1" });
    const child = logger.child({ actor: "module.numerology" });
    child.info("dropped");
    child.warn("kept", { job: "j1" });
    child.child({ attempt: 2 }).error("nested");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ node: "n1", actor: "module.numerology", job: "j1", message: "kept" });
    expect(lines[1]).toMatchObject({ node: "n1", actor: "module.numerology", attempt: 2, message: "nested" });
  });

  test("a child does not change its parent", () => {
    const { logger, lines } = capture("info", { node: "n1" });
    logger.child({ actor: "a" });
    logger.info("parent");
    expect(lines[0]).not.toHaveProperty("actor");
  });

  test("call fields override base fields of the same name", () => {
    const { logger, lines } = capture("info", { actor: "base" });
    logger.info("m", { actor: "call" });
    expect(lines[0]?.actor).toBe("call");
  });
});

describe("describeError", () => {
  test("prefers a string code, else the error's name", () => {
    const coded = Object.assign(new Error("db gone"), { code: "ECONNREFUSED" });
    expect(describeError(coded)).toEqual({ error: "ECONNREFUSED", message: "db gone" });
    expect(describeError(Object.assign(new TypeError("t"), { code: 11000 }))).toEqual({ error: "TypeError", message: "t" });
  });

  test("describes thrown non-errors", () => {
    expect(describeError("plain")).toEqual({ error: "unknown", message: "plain" });
    expect(describeError(undefined)).toEqual({ error: "unknown", message: "undefined" });
  });
});
