import { describe, expect, test } from "bun:test";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { issuePersonToken, verifyPersonToken } from "../../../auth/person-token.ts";

const secret = new TextEncoder().encode("a-test-secret-of-at-least-32-bytes!!");
const other = new TextEncoder().encode("another-secret-of-at-least-32-bytes!");
const now = new Date("2026-12-02T08:00:00Z");
const ada = { id: "ada", createdAt: new Date("2026-01-01T00:00:00Z") };

describe("people's tokens", () => {
  test("a token names its user, expires when it says, and is signed with HS256", async () => {
    const issued = await issuePersonToken(secret, ada, now, 3600);
    expect(issued.expiresAt.toISOString()).toBe("2026-12-02T09:00:00.000Z");
    expect(decodeProtectedHeader(issued.token).alg).toBe("HS256");
    expect(decodeJwt(issued.token)).toMatchObject({ sub: "ada", iss: "gutters", aud: "gutters:person", user_created_at: ada.createdAt.getTime() });
    expect(await verifyPersonToken(secret, issued.token, now)).toEqual({ userId: "ada", expiresAt: issued.expiresAt, userCreatedAt: ada.createdAt });
  });

  test("expired, forged, tampered or foreign tokens verify as nothing", async () => {
    const issued = await issuePersonToken(secret, ada, now, 3600);
    expect(await verifyPersonToken(secret, issued.token, new Date("2026-12-02T09:00:01Z"))).toBeNull();
    expect(await verifyPersonToken(other, issued.token, now)).toBeNull();
    const [header, , signature] = issued.token.split(".");
    const claims = Buffer.from(JSON.stringify({ ...decodeJwt(issued.token), sub: "grace" })).toString("base64url");
    expect(await verifyPersonToken(secret, `${header}.${claims}.${signature}`, now)).toBeNull();
    // Right secret, wrong audience (a token some other system signed with a shared secret).
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("ada").setIssuer("gutters").setAudience("elsewhere").setExpirationTime("1h").sign(secret);
    expect(await verifyPersonToken(secret, foreign, new Date())).toBeNull();
    // A subject that is not a user id.
    const badSubject = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("a/b#").setIssuer("gutters").setAudience("gutters:person").setExpirationTime("1h").sign(secret);
    expect(await verifyPersonToken(secret, badSubject, new Date())).toBeNull();
    expect(await verifyPersonToken(secret, "not.a.token", now)).toBeNull();
    // Signed right but without the user's creation (a token of an earlier version).
    const unbound = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("ada").setIssuer("gutters").setAudience("gutters:person").setExpirationTime("1h").sign(secret);
    expect(await verifyPersonToken(secret, unbound, new Date())).toBeNull();
    const textual = await new SignJWT({ user_created_at: "yesterday" }).setProtectedHeader({ alg: "HS256" }).setSubject("ada").setIssuer("gutters").setAudience("gutters:person").setExpirationTime("1h").sign(secret);
    expect(await verifyPersonToken(secret, textual, new Date())).toBeNull();
  });

  test("an unsigned token (alg none) is refused", async () => {
    const body = Buffer.from(JSON.stringify({ sub: "ada", iss: "gutters", aud: "gutters:person", exp: 4_000_000_000 })).toString("base64url");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${body}.`;
    expect(await verifyPersonToken(secret, none, now)).toBeNull();
  });
});
