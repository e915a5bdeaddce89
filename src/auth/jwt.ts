// AUTH: JWT bearer tokens (analytics-api.openapi.yaml's BearerAuth). Input: the token from an
// `Authorization: Bearer …` header and the auth.jwt config. Output: the caller's claims
// (sub, role, projects) or an AppError('UNAUTHORIZED') that says what is wrong without echoing the token.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../config/schema.js';
import { AppError } from '../errors.js';

export type JwtRole = 'admin' | 'developer' | 'viewer' | 'billing';
export interface JwtClaims { sub: string; role: JwtRole; projects: string[] | '*' }
export interface JwtVerifier { verify(token: string): Promise<JwtClaims> }

type JwtConfig = AppConfig['auth']['jwt'];
const ROLES: readonly JwtRole[] = ['admin', 'developer', 'viewer', 'billing'];
/** exp/nbf leeway for clocks that disagree by a few seconds between issuer and us. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** RFC 7518 §3.2: an HS256 key MUST be at least as long as the hash output (256 bits). */
const MIN_SECRET_BYTES = 32;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** One key source and the only algorithms it may verify. Pinning algorithms per key is what
 *  stops `alg: none` and algorithm confusion (an HS256 token HMAC'd with an RSA public key). */
interface KeySource {
  algorithms: string[];
  key: Uint8Array | crypto.KeyObject | JWTVerifyGetKey;
}

/** Three base64url segments; the third may be empty so that unsigned (`alg: none`) tokens
 *  still reach verify() and get a clear refusal instead of being mistaken for an API key. */
export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

export function createJwtVerifier(config: JwtConfig): JwtVerifier | null {
  const sources = createKeySources(config);
  if (sources.length === 0) return null;
  const options = {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(config.issuer !== null ? { issuer: config.issuer } : {}),
    ...(config.audience !== null ? { audience: config.audience } : {}),
  };
  return {
    async verify(token) {
      const alg = readAlgorithm(token);
      const candidates = sources.filter((source) => source.algorithms.includes(alg));
      if (candidates.length === 0) {
        const accepted = [...new Set(sources.flatMap((s) => s.algorithms))].join(', ');
        throw unauthorized(`algorithm '${alg}' is not accepted (accepted: ${accepted})`);
      }
      return readClaims(await verifyWithAny(token, candidates, options));
    },
  };
}

function createKeySources(config: JwtConfig): KeySource[] {
  const sources: KeySource[] = [];
  if (config.secret !== null) {
    const secret = new TextEncoder().encode(config.secret);
    if (secret.length < MIN_SECRET_BYTES) throw new Error(`auth.jwt.secret is ${secret.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES} (RFC 7518 §3.2)`);
    sources.push({ algorithms: ['HS256'], key: secret });
  }
  if (config.public_key_file !== null) sources.push(readPublicKeyFile(config.public_key_file));
  if (config.jwks_file !== null) sources.push(readJwksFile(config.jwks_file));
  return sources;
}

function readPublicKeyFile(file: string): KeySource {
  const pem = readConfiguredFile('auth.jwt.public_key_file', file);
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch (err) {
    throw new Error(`auth.jwt.public_key_file ${file}: not a PEM public key (${(err as Error).message})`);
  }
  if (key.asymmetricKeyType === 'rsa') return { algorithms: ['RS256'], key };
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { algorithms: ['ES256'], key };
  throw new Error(`auth.jwt.public_key_file ${file}: expected an RSA key (RS256) or a P-256 EC key (ES256)`);
}

function readJwksFile(file: string): KeySource {
  const text = readConfiguredFile('auth.jwt.jwks_file', file);
  try {
    // Local only: a JWKS fetched over the network would make every start and rotation depend on it.
    return { algorithms: ['RS256', 'ES256'], key: createLocalJWKSet(JSON.parse(text)) };
  } catch (err) {
    throw new Error(`auth.jwt.jwks_file ${file}: not a JWKS document ({"keys": [...]}): ${(err as Error).message}`);
  }
}

function readConfiguredFile(key: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${key} ${file}: cannot read: ${(err as Error).message}`);
  }
}

function readAlgorithm(token: string): string {
  if (!looksLikeJwt(token)) throw unauthorized('malformed token: expected three base64url segments (header.payload.signature)');
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw unauthorized('malformed token: the header is not base64url-encoded JSON');
  }
  if (typeof alg !== 'string' || alg === '') throw unauthorized("malformed token: the header has no 'alg'");
  if (alg.toLowerCase() === 'none') throw unauthorized("algorithm 'none' is not accepted: the token must be signed");
  // The header is attacker-controlled: name the algorithm only when it looks like one.
  return /^[A-Za-z0-9+-]{1,16}$/.test(alg) ? alg : 'unrecognised';
}

/** With several sources for one algorithm (a PEM key and a JWKS), the first that verifies wins;
 *  a claim failure (expired, wrong audience) is final because the signature already checked out. */
async function verifyWithAny(token: string, candidates: KeySource[], options: object): Promise<JWTPayload> {
  let lastError: unknown;
  for (const { algorithms, key } of candidates) {
    try {
      const verified = typeof key === 'function' ? await jwtVerify(token, key, { ...options, algorithms }) : await jwtVerify(token, key, { ...options, algorithms });
      return verified.payload;
    } catch (err) {
      lastError = err;
      const keyMismatch = err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey;
      if (!keyMismatch) break;
    }
  }
  throw describeVerifyError(lastError);
}

function describeVerifyError(err: unknown): AppError {
  if (err instanceof errors.JWTExpired) return unauthorized(`token expired at ${formatNumericDate(err.payload.exp)}`);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return unauthorized(`missing claim '${err.claim}'`);
    if (err.claim === 'nbf' && err.reason === 'check_failed') return unauthorized(`token is not valid before ${formatNumericDate(err.payload.nbf)}`);
    if (err.claim === 'iss' || err.claim === 'aud') return unauthorized(`claim '${err.claim}' does not match the configured ${err.claim === 'iss' ? 'issuer' : 'audience'}`);
    return unauthorized(`claim '${err.claim}' is invalid (${err.message})`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return unauthorized('signature does not verify');
  if (err instanceof errors.JWKSNoMatchingKey) return unauthorized("no key in the JWKS file matches the token's 'kid' and algorithm");
  if (err instanceof errors.JWKSMultipleMatchingKeys) return unauthorized("several keys in the JWKS file match; the token needs a 'kid'");
  // jose's messages describe the structure ("JWT Claims Set must be a top-level JSON object"), never the token.
  if (err instanceof errors.JOSEError) return unauthorized(`malformed token: ${err.message}`);
  return unauthorized('signature does not verify');
}

function readClaims(payload: JWTPayload): JwtClaims {
  if (payload.sub === undefined) throw unauthorized("missing claim 'sub'");
  if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthorized("claim 'sub' must be a non-empty string");
  const role = payload.role;
  if (role === undefined) throw unauthorized("missing claim 'role'");
  if (!ROLES.includes(role as JwtRole)) throw unauthorized(`claim 'role' must be one of ${ROLES.join(', ')}`);
  return { sub: payload.sub, role: role as JwtRole, projects: readProjects(payload, role as JwtRole) };
}

function readProjects(payload: JWTPayload, role: JwtRole): string[] | '*' {
  const { projects, project_id: projectId } = payload;
  if (projects !== undefined) {
    if (!Array.isArray(projects) || !projects.every((p) => typeof p === 'string' && p !== '')) throw unauthorized("claim 'projects' must be an array of project ids");
    if (projects.length === 0) throw unauthorized("claim 'projects' is empty: the token grants no project");
    return [...new Set(projects as string[])];
  }
  if (projectId !== undefined) {
    if (typeof projectId !== 'string' || projectId === '') throw unauthorized("claim 'project_id' must be a non-empty string");
    return [projectId];
  }
  // An admin token without a project list is the documented way to mean "every project".
  if (role === 'admin') return '*';
  throw unauthorized(`missing claim 'projects' (or 'project_id'): a ${role} token must name its projects`);
}

function formatNumericDate(value: unknown): string {
  const date = new Date(typeof value === 'number' ? value * 1000 : NaN);
  return Number.isNaN(date.getTime()) ? 'an invalid time' : date.toISOString();
}

function unauthorized(message: string): AppError {
  return new AppError('UNAUTHORIZED', `invalid bearer token: ${message}`);
}
