import { importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { ACCESS_TOKEN_TTL_S } from "../../protocol/limits.ts";
import { AppError } from "../errors.ts";

const ISSUER = "hearth";
const AUDIENCE = "hearth-api";

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };
let cached: { raw: string; pair: Promise<KeyPair> } | null = null;

/** Imports the Ed25519 pair once per isolate; the public half is derived from the private JWK. */
function keys(privateJwk: string): Promise<KeyPair> {
  if (!privateJwk) throw new Error("JWT_PRIVATE_KEY is not set: run `npm start` once to generate data/secrets/");
  if (cached?.raw !== privateJwk) cached = { raw: privateJwk, pair: load(privateJwk) };
  return cached.pair;
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

/** Verifies signature (EdDSA only: `alg: none` and HMAC confusion are refused), issuer, audience and expiry. */
export async function verifyAccessToken(privateJwk: string, token: string): Promise<AccessClaims> {
  const { publicKey } = await keys(privateJwk);
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
    return { userId: payload.sub, sessionId: payload.sid };
  } catch (err) {
    const expired = (err as { code?: string }).code === "ERR_JWT_EXPIRED";
    throw expired
      ? new AppError(401, "token_expired", "The access token has expired; refresh it.")
      : new AppError(401, "invalid_token", "The access token is not valid.");
  }
}
