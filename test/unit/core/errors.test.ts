import { describe, expect, test } from "bun:test";
import { z } from "zod";
import {
  GuttersError,
  issuesFromZod,
  NotFoundError,
  parseOrThrow,
  UnavailableError,
  UnprocessableError,
  ValidationError,
} from "../../../core/errors.ts";

function zodError(schema: z.ZodType, value: unknown): z.ZodError {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the value to be rejected");
  return result.error;
}

describe("GuttersError", () => {
  test("defaults to a non-retryable 500 with no issues", () => {
    const error = new GuttersError("boom", "it broke");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("GuttersError");
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(false);
    expect(error.issues).toEqual([]);
  });

  test("toJSON leaves issues out when there are none, so HTTP bodies stay minimal", () => {
    expect(new GuttersError("boom", "it broke").toJSON()).toEqual({ error: "boom", message: "it broke" });
    expect(Object.keys(new GuttersError("boom", "it broke").toJSON())).not.toContain("issues");
  });

  test("toJSON carries issues when there are some", () => {
    const issues = [{ path: "birth.latitude", message: "too big" }];
    const error = new GuttersError("invalid_input", "bad", { status: 400, issues, retryable: true });
    expect(error.toJSON()).toEqual({ error: "invalid_input", message: "bad", issues });
    expect(error.retryable).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ error: "invalid_input", message: "bad", issues });
  });

  test("keeps the cause", () => {
    const cause = new Error("socket closed");
    expect(new UnavailableError("db down", cause).cause).toBe(cause);
  });

  test("subclasses have stable codes and statuses", () => {
    const cases: [GuttersError, string, number, boolean][] = [
      [new ValidationError("v"), "invalid_input", 400, false],
      [new ValidationError("v", [], 422), "invalid_input", 422, false],
      [new UnprocessableError("u"), "unprocessable", 422, false],
      [new NotFoundError("n"), "not_found", 404, false],
      [new UnavailableError("d"), "unavailable", 503, true],
    ];
    for (const [error, code, status, retryable] of cases) {
      expect(error).toBeInstanceOf(GuttersError);
      expect([error.code, error.status, error.retryable]).toEqual([code, status, retryable]);
    }
    expect(new ValidationError("v").name).toBe("ValidationError");
    expect(new NotFoundError("n").name).toBe("NotFoundError");
  });
});

describe("issuesFromZod", () => {
  const Schema = z.object({ birth: z.object({ latitude: z.number().max(90) }), houses: z.array(z.number()) });

  test("joins nested paths with dots, array indexes included", () => {
    const issues = issuesFromZod(zodError(Schema, { birth: { latitude: 100 }, houses: [1, 2, 3, "x"] }));
    expect(issues.map((issue) => issue.path)).toEqual(["birth.latitude", "houses.3"]);
    expect(issues.map((issue) => issue.code)).toEqual(["too_big", "invalid_type"]);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  test("puts the prefix in front", () => {
    const issues = issuesFromZod(zodError(Schema, { birth: { latitude: 100 }, houses: [] }), ["data"]);
    expect(issues.map((issue) => issue.path)).toEqual(["data.birth.latitude"]);
  });

  test("names the root when the whole value is wrong", () => {
    expect(issuesFromZod(zodError(Schema, 42)).map((issue) => issue.path)).toEqual(["(root)"]);
    expect(issuesFromZod(zodError(Schema, 42), ["data"]).map((issue) => issue.path)).toEqual(["data"]);
  });
});

describe("parseOrThrow", () => {
  const Schema = z.object({ n: z.number().int(), s: z.string().default("x") });

  test("returns the parsed value, defaults applied", () => {
    expect(parseOrThrow(Schema, { n: 3 }, "thing")).toEqual({ n: 3, s: "x" });
  });

  test("throws a ValidationError naming the first bad field in its message", () => {
    let caught: unknown;
    try {
      parseOrThrow(Schema, { n: 1.5, s: 4 }, "thing", { prefix: ["body"] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.status).toBe(400);
    expect(error.message).toStartWith("invalid thing (body.n: ");
    expect(error.issues.map((issue) => issue.path)).toEqual(["body.n", "body.s"]);
  });

  test("honours the status option", () => {
    expect(() => parseOrThrow(Schema, {}, "config", { status: 422 })).toThrow(
      expect.objectContaining({ status: 422, code: "invalid_input" }),
    );
  });
});
