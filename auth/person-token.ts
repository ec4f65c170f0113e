import { errors, jwtVerify, SignJWT } from "jose";
import { UserIdSchema } from "../core/events.ts";

/**
 * A person's token: a JWT (HS256) whose subject is the one user id it may read and write. Signed with a
 * secret every node shares, so any node verifies a token another node issued. It also names when that user was
 * created (`user_created_at`, ms): a user erased and created again under the same id is someone else, whom the
 * old token must not reach.
 */
const ISSUER = "gutters";
const AUDIENCE = "gutters:person";

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const USER_CREATED_CLAIM = "user_created_at";

export interface PersonTokenClaims {
  userId: string;
  expiresAt: Date;
  /** When the user the token was issued for was created. */
  userCreatedAt: Date;
}

export async function issuePersonToken(
  secret: Uint8Array,
  user: { id: string; createdAt: Date },
  now: Date,
  ttlSeconds: number,
): Promise<IssuedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({ [USER_CREATED_CLAIM]: user.createdAt.getTime() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(secret);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** The claims of a valid token, or null for a forged, expired or malformed one (or one without the user's creation). */
export async function verifyPersonToken(secret: Uint8Array, token: string, now: Date): Promise<PersonTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "exp", USER_CREATED_CLAIM],
    });
    const userId = UserIdSchema.safeParse(payload.sub);
    const created = payload[USER_CREATED_CLAIM];
    if (!userId.success || payload.exp === undefined || typeof created !== "number" || !Number.isSafeInteger(created)) return null;
    return { userId: userId.data, expiresAt: new Date(payload.exp * 1000), userCreatedAt: new Date(created) };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
