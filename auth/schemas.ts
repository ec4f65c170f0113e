import { z } from "zod";
import { UserIdSchema } from "../core/events.ts";

/** What an API key may do (DESIGN.md §11); `admin` implies every other scope. */
export const ScopeSchema = z.enum(["admin", "users:write", "users:read", "calc", "events:read"]);
export type Scope = z.infer<typeof ScopeSchema>;

/** A stored API key: the hash of its secret only, never the key itself. */
export const ApiKeyDocumentSchema = z.object({
  _id: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  scopes: z.array(ScopeSchema).min(1),
  label: z.string().max(200).optional(),
  created_at: z.date(),
});
export type ApiKeyDocument = z.infer<typeof ApiKeyDocumentSchema>;

/** `POST /v1/keys` body: at least one scope, no duplicates, an optional label for the operator. */
export const NewApiKeySchema = z.strictObject({
  scopes: z
    .array(ScopeSchema)
    .min(1)
    .refine((scopes) => new Set(scopes).size === scopes.length, "scopes are listed once each"),
  label: z.string().min(1).max(200).optional(),
});

/**
 * Who is calling, once a credential has been verified: a service holding an API key (its scopes decide), the
 * node itself on its own broker, or a person holding a token bound to one user id.
 */
export type Principal =
  | { kind: "key"; keyId: string; scopes: readonly Scope[] }
  | { kind: "person"; userId: z.infer<typeof UserIdSchema>; expiresAt: Date };

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.kind === "key" && (principal.scopes.includes("admin") || principal.scopes.includes(scope));
}

/** The id a principal is rate-limited and logged under (never the secret). */
export function principalId(principal: Principal): string {
  return principal.kind === "key" ? `key:${principal.keyId}` : `user:${principal.userId}`;
}
