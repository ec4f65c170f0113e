import { Elysia } from "elysia";
import type { Principal } from "../auth/schemas.ts";
import { principalId } from "../auth/schemas.ts";
import type { CredentialVerifier } from "../auth/verifier.ts";
import { ForbiddenError, NotFoundError, RetryLaterError, UnauthenticatedError } from "../core/errors.ts";
import { decideAccess, requirementOf } from "./access-policy.ts";
import { byAddress, type ClientKey, RateLimiter } from "./rate-limit.ts";
import type { RuntimeSettingsSource } from "./runtime-settings.ts";

/** Probes must keep answering under any load: they are neither authenticated nor counted. */
const PROBES = /^\/health\//;

/** The credential of `Authorization: Bearer <credential>`, if any. */
export function bearerCredential(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer[ ]+(\S{1,4096})\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The door of the HTTP API (DESIGN.md §11): who is calling (before routing, so the rate limit follows the
 * verified caller — an unauthenticated or wrong credential counts against the client's address), then,
 * once the route is known, whether they may. The principal of a request is kept beside it, not in it.
 */
export function accessControl({
  verifier,
  runtime,
  clientKey = byAddress,
  clock = Date.now,
}: {
  verifier: CredentialVerifier;
  runtime: RuntimeSettingsSource;
  clientKey?: ClientKey | undefined;
  clock?: () => number;
}) {
  const limiter = new RateLimiter();
  const principals = new WeakMap<Request, Principal>();
  return new Elysia({ name: "access-control" })
    .onRequest(async ({ request, server }) => {
      if (PROBES.test(new URL(request.url).pathname)) return;
      const credential = bearerCredential(request);
      const principal = credential === undefined ? null : await verifier.verify(credential);
      if (principal !== null) principals.set(request, principal);
      const settings = await runtime.get();
      const wait = limiter.take(
        principal !== null ? principalId(principal) : clientKey(request, server?.requestIP(request)?.address),
        { requests: settings.rate_limit_requests, windowMs: settings.rate_limit_window_ms, maxClients: settings.rate_limit_max_clients },
        clock(),
      );
      if (wait > 0) throw new RetryLaterError("rate_limited", "too many requests; retry after the time in Retry-After", 429, wait);
    })
    .onBeforeHandle({ as: "global" }, ({ request, route, params, query }) => {
      const pathParams = params as Record<string, string | undefined>;
      const queryParams = query as Record<string, string | undefined>;
      const decision = decideAccess(requirementOf(request.method, route), principals.get(request) ?? null, {
        userInPath: route.startsWith("/v1/users/:id") ? pathParams.id : undefined,
        userInQuery: queryParams.user,
      });
      if (decision.allow) return;
      if (decision.status === 401) {
        throw new UnauthenticatedError(bearerCredential(request) !== undefined ? "the credential is not valid (unknown, revoked or expired)" : undefined);
      }
      if (decision.status === 404) throw new NotFoundError(decision.reason);
      throw new ForbiddenError(decision.reason);
    });
}

/** The verified caller of a request that passed the door (routes that act on the caller's behalf). */
export type PrincipalOf = (request: Request) => Principal | undefined;
