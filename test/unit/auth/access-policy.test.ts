import { describe, expect, test } from "bun:test";
import type { Principal } from "../../../auth/schemas.ts";
import { ACCESS_POLICY, decideAccess, requirementOf } from "../../../http/access-policy.ts";

const admin: Principal = { kind: "key", keyId: "a", scopes: ["admin"] };
const reader: Principal = { kind: "key", keyId: "r", scopes: ["users:read"] };
const calc: Principal = { kind: "key", keyId: "c", scopes: ["calc"] };
const ada: Principal = { kind: "person", userId: "ada", expiresAt: new Date(0) };

const decide = (route: string, principal: Principal | null, where: { userInPath?: string; userInQuery?: string } = {}) => {
  const [method = "", path = ""] = route.split(" ");
  const decision = decideAccess(requirementOf(method, path), principal, where);
  return decision.allow ? 200 : decision.status;
};

describe("access policy", () => {
  test("public routes need nothing; every other route needs a credential", () => {
    for (const [route, requirement] of Object.entries(ACCESS_POLICY)) {
      expect(decide(route, null)).toBe(requirement.kind === "public" ? 200 : 401);
    }
  });

  test("admin may do everything, including routes the table does not know", () => {
    for (const route of Object.keys(ACCESS_POLICY)) expect(decide(route, admin, { userInPath: "x" })).toBe(200);
    expect(decide("POST /v1/something/new", admin)).toBe(200);
    expect(decide("POST /v1/something/new", reader)).toBe(403);
  });

  test("scopes: a reader reads but does not write; a calc key calculates but reads no one", () => {
    expect(decide("GET /v1/users/:id", reader, { userInPath: "x" })).toBe(200);
    expect(decide("PUT /v1/users/:id", reader, { userInPath: "x" })).toBe(403);
    expect(decide("POST /v1/calc/:module", calc)).toBe(200);
    expect(decide("GET /v1/users/:id/synthesis", calc, { userInPath: "x" })).toBe(403);
    expect(decide("GET /v1/config/:module", reader)).toBe(403);
    expect(decide("POST /v1/keys", reader)).toBe(403);
  });

  test("a person reaches their own user, and gets 404 for anyone else's", () => {
    expect(decide("GET /v1/users/:id/synthesis", ada, { userInPath: "ada" })).toBe(200);
    expect(decide("PUT /v1/users/:id", ada, { userInPath: "ada" })).toBe(200);
    expect(decide("GET /v1/users/:id/synthesis", ada, { userInPath: "grace" })).toBe(404);
    expect(decide("DELETE /v1/users/:id", ada, { userInPath: "grace" })).toBe(404);
    expect(decide("POST /v1/users", ada)).toBe(403);
    expect(decide("POST /v1/users/:id/tokens", ada, { userInPath: "ada" })).toBe(403);
    expect(decide("GET /metrics", ada)).toBe(403);
  });

  test("sky queries are open to any credential; with ?user= they are that person's", () => {
    expect(decide("GET /v1/tracking/:module", calc)).toBe(200);
    expect(decide("GET /v1/tracking/:module", ada)).toBe(200);
    expect(decide("GET /v1/tracking/upcoming", ada, { userInQuery: "ada" })).toBe(200);
    expect(decide("GET /v1/tracking/upcoming", ada, { userInQuery: "grace" })).toBe(404);
    expect(decide("GET /v1/tracking/:module", calc, { userInQuery: "grace" })).toBe(403);
    expect(decide("GET /v1/tracking/:module", reader, { userInQuery: "grace" })).toBe(200);
  });
});
