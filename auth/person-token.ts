import { errors, jwtVerify, SignJWT } from "jose";
import { UserIdSchema } from "../core/events.ts";

/**
 * A person's token: a JWT (HS256) whose subject is the one user id it may read and write. Signed with a
 * secret every node shares, so any node verifies a token another node issued without a database read.
 */
const ISSUER = "gutters";
const AUDIENCE = "gutters:person";

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export async function issuePersonToken(secret: Uint8Array, userId: string, now: Date, ttlSeconds: number): Promise<IssuedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(secret);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** The user id and expiry of a valid token, or null for a forged, expired or malformed one. */
export async function verifyPersonToken(secret: Uint8Array, token: string, now: Date): Promise<{ userId: string; expiresAt: Date } | null> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "exp"],
    });
    const userId = UserIdSchema.safeParse(payload.sub);
    if (!userId.success || payload.exp === undefined) return null;
    return { userId: userId.data, expiresAt: new Date(payload.exp * 1000) };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
