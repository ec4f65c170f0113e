import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API keys look like `gk_<id>_<secret>`: the id finds the stored document, the secret (32 random bytes) is
 * what proves possession. Only a SHA-256 of the whole key is stored — a fast hash is enough for a secret
 * with 256 bits of entropy, where a slow password hash would only cost every request.
 */
const KEY_PATTERN = /^gk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface NewKey {
  id: string;
  key: string;
  hash: string;
}

export function generateApiKey(random: (size: number) => Uint8Array = randomBytes): NewKey {
  const id = Array.from(random(12), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join("");
  const key = `gk_${id}_${Buffer.from(random(32)).toString("base64url")}`;
  return { id, key, hash: hashCredential(key) };
}

/** The id of a well-formed key, or undefined for anything else (a token, garbage). */
export function apiKeyId(credential: string): string | undefined {
  return KEY_PATTERN.exec(credential)?.[1];
}

export function hashCredential(credential: string): string {
  return createHash("sha256").update(credential).digest("hex");
}

/** Equal hex SHA-256 digests, compared in time that does not depend on where they differ. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Compares a presented credential with a stored hash. */
export function credentialMatches(credential: string, storedHash: string): boolean {
  return hashesEqual(hashCredential(credential), storedHash);
}
