import { describe, expect, test } from "bun:test";
import { GuttersError, NotFoundError, UnavailableError, ValidationError } from "../../../core/errors.ts";
import { errorResponse } from "../../../http/errors.ts";

describe("errorResponse", () => {
  test("a GuttersError keeps its status and JSON body", () => {
    const issues = [{ path: "latitude", message: "too big" }];
    expect(errorResponse(new ValidationError("invalid birth data", issues))).toEqual({
      status: 400,
      body: { error: "invalid_input", message: "invalid birth data", issues },
    });
    expect(errorResponse(new NotFoundError("no user u1"))).toEqual({
      status: 404,
      body: { error: "not_found", message: "no user u1" },
    });
    expect(errorResponse(new UnavailableError("db down"), "NOT_FOUND").status).toBe(503);
    expect(errorResponse(new GuttersError("payload_too_large", "big", { status: 413 })).status).toBe(413);
  });

  test.each<[string, number, string]>([
    ["NOT_FOUND", 404, "not_found"],
    ["PARSE", 400, "invalid_input"],
    ["VALIDATION", 400, "invalid_input"],
  ])("the framework's %s code becomes %i", (code, status, error) => {
    expect(errorResponse(new Error("framework detail"), code)).toMatchObject({ status, body: { error } });
  });

  test("anything else is a generic 500 that leaks neither message nor stack", () => {
    const secret = new Error("password=hunter2 at /srv/app/db.ts:12");
    for (const code of [undefined, "UNKNOWN", 500]) {
      const response = errorResponse(secret, code);
      expect(response).toEqual({ status: 500, body: { error: "internal", message: "internal error" } });
      expect(JSON.stringify(response)).not.toContain("hunter2");
    }
  });
});
