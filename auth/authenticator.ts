import { apiKeyId, hashCredential, hashesEqual } from "./api-key.ts";
import { verifyPersonToken } from "./person-token.ts";
import type { Principal } from "./schemas.ts";
import type { CredentialVerifier } from "./verifier.ts";
import type { ApiKeyDocument } from "./schemas.ts";

export interface KeyLookup {
  findKey(id: string): Promise<ApiKeyDocument | null>;
}

export interface PersonLookup {
  /** When the user was created, or null when there is no such user (never created, or erased). */
  userCreatedAt(userId: string): Promise<Date | null>;
}

export interface AuthenticatorOptions {
  keys: KeyLookup;
  /** A token reaches only the user it was issued for: the same id, created at the same instant. */
  people: PersonLookup;
  /** Signs and verifies people's tokens. */
  tokenSecret: Uint8Array;
  /** `GUTTERS_ADMIN_KEY`, accepted as an admin key without a stored row. */
  adminKey?: string | undefined;
  /** How long a verified key is trusted without reading `api_keys` again (a revoked key works that long on other nodes). */
  cacheMs: number;
  /** Keys remembered at once. */
  cacheSize?: number;
  now?: () => Date;
}

/** Verified credentials by the hash of what was presented, so the cache holds no secret. */
interface CachedKey {
  principal: Principal;
  until: number;
}

const ENV_ADMIN: Principal = { kind: "key", keyId: "env-admin", scopes: ["admin"] };
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies API keys (against `api_keys`) and people's tokens (by signature, and against the user they were issued
 * for), each remembered briefly so a request costs neither a database read nor a signature check. The HTTP API
 * and the embedded broker use the same one.
 */
export class Authenticator implements CredentialVerifier {
  private readonly cache = new Map<string, CachedKey>();
  private readonly adminKeyHash: string | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: AuthenticatorOptions) {
    this.adminKeyHash = options.adminKey !== undefined ? hashCredential(options.adminKey) : undefined;
    this.now = options.now ?? (() => new Date());
  }

  async verify(credential: string): Promise<Principal | null> {
    // One hash per request: it keys the cache and is what the admin key is compared with.
    const hash = hashCredential(credential);
    const nowMs = this.now().getTime();
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.until > nowMs) return cached.principal;
    if (cached !== undefined) this.cache.delete(hash);
    if (this.adminKeyHash !== undefined && hashesEqual(hash, this.adminKeyHash)) return ENV_ADMIN;
    const keyId = apiKeyId(credential);
    if (keyId !== undefined) {
      const stored = await this.options.keys.findKey(keyId);
      if (stored === null || !hashesEqual(hash, stored.hash)) return null;
      return this.remember(hash, { kind: "key", keyId: stored._id, scopes: stored.scopes }, nowMs + this.options.cacheMs);
    }
    if (!JWT_SHAPE.test(credential)) return null;
    const person = await verifyPersonToken(this.options.tokenSecret, credential, this.now());
    if (person === null) return null;
    // Erased, or erased and created again under the same id (someone else): the token is no longer anyone's.
    const created = await this.options.people.userCreatedAt(person.userId);
    if (created === null || created.getTime() !== person.userCreatedAt.getTime()) return null;
    // A token is trusted until the cache window or its own expiry, whichever comes first.
    return this.remember(hash, { kind: "person", userId: person.userId, expiresAt: person.expiresAt }, Math.min(nowMs + this.options.cacheMs, person.expiresAt.getTime()));
  }

  /** Drops a key from this node's cache at once (it was deleted here). */
  forget(keyId: string): void {
    this.drop((principal) => principal.kind === "key" && principal.keyId === keyId);
  }

  /** Drops a person's tokens from this node's cache at once (the person was erased here). */
  forgetPerson(userId: string): void {
    this.drop((principal) => principal.kind === "person" && principal.userId === userId);
  }

  private drop(matches: (principal: Principal) => boolean): void {
    for (const [hash, cached] of this.cache) if (matches(cached.principal)) this.cache.delete(hash);
  }

  private remember(hash: string, principal: Principal, until: number): Principal {
    if (this.options.cacheMs <= 0) return principal;
    this.cache.set(hash, { principal, until });
    const limit = this.options.cacheSize ?? 10_000;
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= limit) break;
      this.cache.delete(oldest);
    }
    return principal;
  }
}
