import { describe, expect, test } from "bun:test";
import { generateApiKey } from "../../../auth/api-key.ts";
import { Authenticator } from "../../../auth/authenticator.ts";
import { ensureAdminKey } from "../../../auth/bootstrap.ts";
import { issuePersonToken } from "../../../auth/person-token.ts";
import type { ApiKeyDocument } from "../../../auth/schemas.ts";

const secret = new TextEncoder().encode("a-test-secret-of-at-least-32-bytes!!");

/** The key rows as `api_keys` would hold them, counting the reads. */
function keyTable() {
  const rows = new Map<string, ApiKeyDocument>();
  const table = {
    reads: 0,
    rows,
    async findKey(id: string) {
      table.reads++;
      return rows.get(id) ?? null;
    },
    async hasAdminKey() {
      return [...rows.values()].some((row) => row.scopes.includes("admin"));
    },
    async insertKey(row: ApiKeyDocument) {
      rows.set(row._id, row);
    },
  };
  return table;
}

const ADA_CREATED = new Date("2026-01-01T00:00:00Z");

/** The users as `users` would hold them: ada, created at ADA_CREATED, unless the test erases or re-creates her. */
function people(created: Map<string, Date> = new Map([["ada", ADA_CREATED]])) {
  return { created, userCreatedAt: async (userId: string) => created.get(userId) ?? null };
}

describe("Authenticator", () => {
  test("a stored key verifies with its scopes, is read once while cached, and not after it expires from the cache", async () => {
    const table = keyTable();
    const created = generateApiKey();
    table.rows.set(created.id, { _id: created.id, hash: created.hash, scopes: ["users:read"], created_at: new Date() });
    let clock = 0;
    const auth = new Authenticator({ keys: table, people: people(), tokenSecret: secret, cacheMs: 1000, now: () => new Date(clock) });
    expect(await auth.verify(created.key)).toEqual({ kind: "key", keyId: created.id, scopes: ["users:read"] });
    await auth.verify(created.key);
    expect(table.reads).toBe(1);
    table.rows.delete(created.id);
    clock = 1001;
    expect(await auth.verify(created.key)).toBeNull();
  });

  test("forget drops a deleted key at once on this node", async () => {
    const table = keyTable();
    const created = generateApiKey();
    table.rows.set(created.id, { _id: created.id, hash: created.hash, scopes: ["calc"], created_at: new Date() });
    const auth = new Authenticator({ keys: table, people: people(), tokenSecret: secret, cacheMs: 60_000 });
    expect(await auth.verify(created.key)).not.toBeNull();
    table.rows.delete(created.id);
    auth.forget(created.id);
    expect(await auth.verify(created.key)).toBeNull();
  });

  test("a key whose secret differs from the stored hash is refused, though its id exists", async () => {
    const table = keyTable();
    const created = generateApiKey();
    table.rows.set(created.id, { _id: created.id, hash: created.hash, scopes: ["admin"], created_at: new Date() });
    const guessed = `gk_${created.id}_${"A".repeat(43)}`;
    const auth = new Authenticator({ keys: table, people: people(), tokenSecret: secret, cacheMs: 0 });
    expect(await auth.verify(guessed)).toBeNull();
  });

  test("the environment's admin key, people's tokens, and garbage", async () => {
    const auth = new Authenticator({ keys: keyTable(), people: people(), tokenSecret: secret, adminKey: "env-admin-key-0123456789abcdef", cacheMs: 0 });
    expect(await auth.verify("env-admin-key-0123456789abcdef")).toEqual({ kind: "key", keyId: "env-admin", scopes: ["admin"] });
    const issued = await issuePersonToken(secret, { id: "ada", createdAt: ADA_CREATED }, new Date(), 600);
    expect(await auth.verify(issued.token)).toEqual({ kind: "person", userId: "ada", expiresAt: issued.expiresAt });
    for (const garbage of ["", "env-admin-key", "Bearer x", "a.b", "{\"$gt\":\"\"}"]) expect(await auth.verify(garbage)).toBeNull();
  });

  test("a person's token reaches no one once its user is erased, nor the user created again under the same id", async () => {
    const users = people();
    const auth = new Authenticator({ keys: keyTable(), people: users, tokenSecret: secret, cacheMs: 60_000 });
    const issued = await issuePersonToken(secret, { id: "ada", createdAt: ADA_CREATED }, new Date(), 600);
    expect(await auth.verify(issued.token)).toMatchObject({ kind: "person", userId: "ada" });
    // Erased on this node: the cached verification goes at once.
    users.created.delete("ada");
    auth.forgetPerson("ada");
    expect(await auth.verify(issued.token)).toBeNull();
    // Someone else under the same id later.
    users.created.set("ada", new Date("2026-06-01T00:00:00Z"));
    expect(await auth.verify(issued.token)).toBeNull();
    const theirs = await issuePersonToken(secret, { id: "ada", createdAt: new Date("2026-06-01T00:00:00Z") }, new Date(), 600);
    expect(await auth.verify(theirs.token)).toMatchObject({ kind: "person", userId: "ada" });
  });

  test("the cache stays within its size", async () => {
    const table = keyTable();
    const keys = Array.from({ length: 30 }, () => generateApiKey());
    for (const key of keys) table.rows.set(key.id, { _id: key.id, hash: key.hash, scopes: ["calc"], created_at: new Date() });
    const auth = new Authenticator({ keys: table, people: people(), tokenSecret: secret, cacheMs: 60_000, cacheSize: 10 });
    for (const key of keys) await auth.verify(key.key);
    table.reads = 0;
    await auth.verify(keys[0]?.key ?? "");
    await auth.verify(keys[29]?.key ?? "");
    expect(table.reads).toBe(1);
  });
});

describe("first start", () => {
  test("creates one admin key, shows it once, and never again", async () => {
    const table = keyTable();
    const shown: string[] = [];
    expect(await ensureAdminKey(table, undefined, (key) => shown.push(key), new Date())).toBe(true);
    expect(await ensureAdminKey(table, undefined, (key) => shown.push(key), new Date())).toBe(false);
    expect(shown).toHaveLength(1);
    const auth = new Authenticator({ keys: table, people: people(), tokenSecret: secret, cacheMs: 0 });
    expect(await auth.verify(shown[0] ?? "")).toMatchObject({ kind: "key", scopes: ["admin"] });
    expect([...table.rows.values()][0]?.hash).not.toContain(shown[0]);
  });

  test("with GUTTERS_ADMIN_KEY set, nothing is created", async () => {
    const table = keyTable();
    expect(await ensureAdminKey(table, "env-admin-key-0123456789abcdef", () => undefined, new Date())).toBe(false);
    expect(table.rows.size).toBe(0);
  });
});
