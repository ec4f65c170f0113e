import { hasScope, type Principal, type Scope } from "../auth/schemas.ts";

/**
 * Who may call each route (DESIGN.md §11), as data: one row per `METHOD /route/pattern`. A route missing
 * from the table is refused to everyone but an admin, so a new route is closed until someone decides.
 */
export type Requirement =
  /** Probes, the API reference and the static inspection page: no credential. */
  | { kind: "public" }
  /** Any valid credential: data about the sky, not about anyone. */
  | { kind: "authenticated" }
  /** A key with the scope; `person` names where the user id is when that user's own token may pass too. */
  | { kind: "scope"; scope: Scope; person?: "path" | "query" };

const PUBLIC: Requirement = { kind: "public" };
const ANYONE: Requirement = { kind: "authenticated" };
const scope = (name: Scope, person?: "path" | "query"): Requirement =>
  person === undefined ? { kind: "scope", scope: name } : { kind: "scope", scope: name, person };

const READ_USER = scope("users:read", "path");
const WRITE_USER = scope("users:write", "path");
/** Tracking queries about the sky are open to any credential; with `?user=` they read that person's chart. */
const SKY_OR_USER = scope("users:read", "query");

export const ACCESS_POLICY: Readonly<Record<string, Requirement>> = {
  "GET /health/live": PUBLIC,
  "GET /health/ready": PUBLIC,
  "GET /openapi.json": PUBLIC,
  "GET /docs": PUBLIC,
  "GET /docs/:file": PUBLIC,
  "GET /docs/assets/:file": PUBLIC,
  "GET /inspect": PUBLIC,
  "GET /inspect/:file": PUBLIC,

  "POST /v1/users": scope("users:write"),
  "GET /v1/users/:id": READ_USER,
  "PUT /v1/users/:id": WRITE_USER,
  "DELETE /v1/users/:id": WRITE_USER,
  "GET /v1/users/:id/profiles": READ_USER,
  "GET /v1/users/:id/profiles/:module": READ_USER,
  "GET /v1/users/:id/synthesis": READ_USER,
  "GET /v1/users/:id/transits": READ_USER,
  // The journal and what is learned from it are the person's own.
  "POST /v1/users/:id/journal": WRITE_USER,
  "GET /v1/users/:id/journal": READ_USER,
  "GET /v1/users/:id/findings": READ_USER,
  "GET /v1/users/:id/hypotheses": READ_USER,
  "POST /v1/users/:id/hypotheses/:hid/feedback": WRITE_USER,
  // A token is issued by a service that has authenticated the person by its own means, never by the person.
  "POST /v1/users/:id/tokens": scope("users:write"),

  "POST /v1/calc/:module": scope("calc"),
  "GET /v1/modules": ANYONE,

  "GET /v1/tracking/upcoming": SKY_OR_USER,
  "GET /v1/tracking/:module": SKY_OR_USER,
  "GET /v1/tracking/:module/history": ANYONE,

  "GET /v1/actors": scope("events:read"),
  "GET /v1/actors/stream": scope("events:read"),
  "GET /v1/actors/:id": scope("events:read"),
  "GET /v1/nodes": scope("events:read"),
  "GET /metrics": scope("events:read"),

  "GET /v1/config/:module": scope("admin"),
  "PUT /v1/config/:module": scope("admin"),
  "PATCH /v1/config/:module": scope("admin"),

  "GET /v1/keys": scope("admin"),
  "POST /v1/keys": scope("admin"),
  "DELETE /v1/keys/:id": scope("admin"),
};

export const ADMIN_ONLY: Requirement = scope("admin");

export function requirementOf(method: string, route: string): Requirement {
  return ACCESS_POLICY[`${method.toUpperCase()} ${route}`] ?? ADMIN_ONLY;
}

/** What the door does with a request: let it through, or answer 401 / 403 / 404. */
export type AccessDecision = { allow: true } | { allow: false; status: 401 | 403 | 404; reason: string };

const ALLOW: AccessDecision = { allow: true };

/**
 * Decides one request. A person asking about another person gets 404, the same answer as for a user who
 * does not exist, so a token cannot be used to learn which ids are taken.
 */
export function decideAccess(
  requirement: Requirement,
  principal: Principal | null,
  where: { userInPath?: string | undefined; userInQuery?: string | undefined },
): AccessDecision {
  if (requirement.kind === "public") return ALLOW;
  if (principal === null) return { allow: false, status: 401, reason: "no valid credential" };
  if (requirement.kind === "authenticated") return ALLOW;
  // Sky queries without `?user=` are about no one: any credential may make them.
  if (requirement.person === "query" && where.userInQuery === undefined) return ALLOW;
  if (hasScope(principal, requirement.scope)) return ALLOW;
  if (principal.kind === "person" && requirement.person !== undefined) {
    const asked = requirement.person === "path" ? where.userInPath : where.userInQuery;
    if (asked === principal.userId) return ALLOW;
    if (asked !== undefined) return { allow: false, status: 404, reason: `no user with id "${asked}"` };
  }
  return { allow: false, status: 403, reason: `this needs the "${requirement.scope}" scope` };
}
