import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { apiKeyId, credentialMatches, generateApiKey, hashCredential } from "../../../auth/api-key.ts";

describe("API keys", () => {
  test("a generated key has the documented shape, its id, and only its SHA-256 is kept", () => {
    const created = generateApiKey();
    expect(created.key).toMatch(/^gk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyId(created.key)).toBe(created.id);
    // FIPS 180-4 SHA-256 of the key's text, computed independently here.
    expect(created.hash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(created.hash).not.toContain(created.key.slice(16));
  });

  test("two keys never share an id or a secret", () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    expect(new Set(keys.map((key) => key.id)).size).toBe(200);
    expect(new Set(keys.map((key) => key.key)).size).toBe(200);
  });

  test("a key matches its own hash only; a changed character or another key does not", () => {
    const created = generateApiKey();
    expect(credentialMatches(created.key, created.hash)).toBe(true);
    const last = created.key.at(-1) === "A" ? "B" : "A";
    expect(credentialMatches(created.key.slice(0, -1) + last, created.hash)).toBe(false);
    expect(credentialMatches(generateApiKey().key, created.hash)).toBe(false);
    expect(credentialMatches(created.key, "00")).toBe(false);
  });

  test("anything that is not a key has no id: tokens, truncated keys, other prefixes", () => {
    const created = generateApiKey();
    for (const credential of ["", "gk_", created.key.slice(0, -1), `x${created.key}`, "eyJhbGciOiJIUzI1NiJ9.e30.sig", "gk_ABCDEFGHIJKL_" + "a".repeat(43)]) {
      expect(apiKeyId(credential)).toBeUndefined();
    }
    expect(hashCredential("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // FIPS 180-2 test vector "abc"
  });
});
