import { importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { BoundedMap } from "../../objects/shared/bounded-map.ts";
import { ACCESS_TOKEN_TTL_S } from "../../protocol/limits.ts";
import { AppError } from "../errors.ts";

const ISSUER = "hearth";
const AUDIENCE = "hearth-api";

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };
/**
 * Tokens this isolate has verified under the current key, with the time their validity ends. A client sends the
 * same token with every request for its 15 minutes, and an Ed25519 verification was ~8% of the Worker's CPU on a
 * busy route (CPU profile of the ws-ticket route): the same bytes under the same key verify the same way, so the
 * answer is kept until the token expires. Revocation does not depend on this: requireAuth checks the session in the
 * database on every request.
 */
type Verified = { claims: AccessClaims; untilMs: number };
let cached: { raw: string; pair: Promise<KeyPair>; verified: BoundedMap<string, Verified> } | null = null;
const VERIFIED_TOKENS_KEPT = 2_000;

/** Imports the Ed25519 pair once per isolate; the public half is derived from the private JWK. */
function keyState(privateJwk: string) {
  if (!privateJwk) throw new Error("JWT_PRIVATE_KEY is not set: run `npm start` once to generate data/secrets/");
  if (cached?.raw !== privateJwk) cached = { raw: privateJwk, pair: load(privateJwk), verified: new BoundedMap(VERIFIED_TOKENS_KEPT) };
  return cached;
}

function keys(privateJwk: string): Promise<KeyPair> {
  return keyState(privateJwk).pair;
}

async function load(raw: string): Promise<KeyPair> {
  const jwk = JSON.parse(raw) as JWK;
  const privateKey = (await importJWK(jwk, "EdDSA")) as CryptoKey;
  const publicKey = (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "EdDSA")) as CryptoKey;
  return { privateKey, publicKey };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

export async function signAccessToken(privateJwk: string, claims: AccessClaims): Promise<string> {
  const { privateKey } = await keys(privateJwk);
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(privateKey);
}

/**
 * Verifies signature (EdDSA only: `alg: none` and HMAC confusion are refused), issuer, audience and expiry. A token
 * verified before under the same key is answered from memory until it expires.
 */
export async function verifyAccessToken(privateJwk: string, token: string): Promise<AccessClaims> {
  const state = keyState(privateJwk);
  const known = state.verified.get(token);
  if (known) {
    if (Date.now() < known.untilMs) return known.claims;
    state.verified.delete(token);
    throw new AppError(401, "token_expired", "The access token has expired; refresh it.");
  }
  const { publicKey } = await state.pair;
  try {
    // exp and iat are required and the age is capped, so even a token minted with our key cannot outlive its 15 minutes.
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ["EdDSA"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["exp", "iat", "sub", "sid"],
      maxTokenAge: ACCESS_TOKEN_TTL_S,
    });
    // The ids go into uuid-typed queries next: anything else must fail here as a bad token, not there as a 500.
    if (!isUuid(payload.sub) || !isUuid(payload.sid)) throw new Error("malformed claims");
    const claims = { userId: payload.sub, sessionId: payload.sid };
    state.verified.set(token, { claims, untilMs: Math.min(payload.exp!, payload.iat! + ACCESS_TOKEN_TTL_S) * 1000 });
    return claims;
  } catch (err) {
    const expired = (err as { code?: string }).code === "ERR_JWT_EXPIRED";
    throw expired
      ? new AppError(401, "token_expired", "The access token has expired; refresh it.")
      : new AppError(401, "invalid_token", "The access token is not valid.");
  }
}
