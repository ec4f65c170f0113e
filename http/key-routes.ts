import { Elysia } from "elysia";
import { z } from "zod";
import type { GuttersNode } from "../actors/node.ts";
import { generateApiKey } from "../auth/api-key.ts";
import { issuePersonToken } from "../auth/person-token.ts";
import { NewApiKeySchema } from "../auth/schemas.ts";
import type { BrokerAccounts, CredentialVerifier } from "../auth/verifier.ts";
import { NotFoundError, parseOrThrow } from "../core/errors.ts";
import { UserIdSchema } from "../core/events.ts";
import type { CredentialStore } from "../store/credential-store.ts";
import { readJsonBody } from "./body.ts";
import type { RuntimeSettingsSource } from "./runtime-settings.ts";

const NO_BODY = { parse: "none" as const };
const KeyIdSchema = z.string().regex(/^[a-z0-9]{12}$/, "a key id: 12 lower-case letters or digits");

/** Everything the credential routes need from the node's start-up. */
export interface AccessServices {
  /** Verifies credentials; `forget` drops a deleted key from its cache, `forgetPerson` an erased person's tokens. */
  authenticator: CredentialVerifier & { forget(keyId: string): void; forgetPerson(userId: string): void };
  credentials: CredentialStore;
  tokenSecret: Uint8Array;
  brokerAccounts: BrokerAccounts;
}

/**
 * Credentials (DESIGN.md §11): API keys for services (`POST|GET /v1/keys`, `DELETE /v1/keys/:id`, admin) and
 * tokens for people (`POST /v1/users/:id/tokens`, users:write). A key is shown once, in the 201; only its
 * hash is stored. A person's token also becomes their MQTT password on a broker that keeps accounts.
 */
export function keyRoutes({ node, access, runtime, now }: { node: GuttersNode; access: AccessServices; runtime: RuntimeSettingsSource; now: () => Date }) {
  return new Elysia()
    .get("/v1/keys", async () => ({ keys: await access.credentials.listKeys() }))
    .post(
      "/v1/keys",
      async ({ request, set }) => {
        const wanted = parseOrThrow(NewApiKeySchema, await readJsonBody(request), "key", { status: 422 });
        const created = generateApiKey();
        const createdAt = now();
        await access.credentials.insertKey({
          _id: created.id,
          hash: created.hash,
          scopes: wanted.scopes,
          ...(wanted.label !== undefined ? { label: wanted.label } : {}),
          created_at: createdAt,
        });
        set.status = 201;
        return { id: created.id, key: created.key, scopes: wanted.scopes, ...(wanted.label !== undefined ? { label: wanted.label } : {}), created_at: createdAt.toISOString() };
      },
      NO_BODY,
    )
    .delete("/v1/keys/:id", async ({ params, set }) => {
      const id = parseOrThrow(KeyIdSchema, params.id, "key id", { prefix: ["id"] });
      if (!(await access.credentials.deleteKey(id))) throw new NotFoundError(`no key with id "${id}"`);
      access.authenticator.forget(id);
      set.status = 204;
      return "";
    })
    .post(
      "/v1/users/:id/tokens",
      async ({ params, request, set }) => {
        const userId = parseOrThrow(UserIdSchema, params.id, "user id", { prefix: ["id"] });
        const max = (await runtime.get()).person_token_max_ttl_seconds;
        const body = request.headers.get("content-length") === "0" || request.body === null ? {} : await readJsonBody(request);
        const wanted = parseOrThrow(z.strictObject({ expires_in_seconds: z.number().int().min(60).max(max).optional() }), body, "token", { status: 422 });
        const user = await node.users.getUser(userId);
        if (user === null) throw new NotFoundError(`no user with id "${userId}"`);
        const issued = await issuePersonToken(access.tokenSecret, { id: userId, createdAt: user.created_at }, now(), wanted.expires_in_seconds ?? max);
        await access.brokerAccounts.grantPerson(userId, issued.token, issued.expiresAt);
        set.status = 201;
        return { user_id: userId, token: issued.token, expires_at: issued.expiresAt.toISOString(), mqtt: { username: userId } };
      },
      NO_BODY,
    );
}
