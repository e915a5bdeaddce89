// AUTH: who is calling, and which projects they may touch. Input: a request's credentials
// (Authorization: Basic base64(pk:sk), Bearer sk-… or Bearer <JWT>; or x-api-key). Output: a
// Principal (role, projects, user), or AppError UNAUTHORIZED. With auth.mode 'none' every caller
// is the anonymous admin of every project (the loopback default). Key lookups are cached for
// auth.key_cache_seconds, so a revoked key is refused within that time.
import type Database from 'better-sqlite3';
import type { AppConfig } from '../config/schema.js';
import { AppError } from '../errors.js';
import { findKeyBySecret, verifyKeyPair, type ApiKeyRecord } from '../store/read/auth-keys.js';
import { createJwtVerifier, looksLikeJwt, type JwtVerifier } from './jwt.js';
import { RateLimiter, type RateDecision } from './rate-limiter.js';
import { isAllowed, type Action, type Role } from './rbac.js';

export interface Principal {
  kind: 'anonymous' | 'key' | 'jwt';
  /** What rate limits count against: the key, or the token's subject. */
  identity: string;
  role: Role;
  projects: string[] | '*';
  /** The JWT subject, or the key's owner (facade sessions are filtered by it). */
  userId: string | null;
}

export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', identity: 'anonymous', role: 'admin', projects: '*', userId: null };

const CACHE_LIMIT = 1000;
const MISSING = 'missing credentials: send Authorization: Basic base64(public_key:secret_key), or Bearer <secret key or JWT>';

export class AccessControl {
  readonly enabled: boolean;
  private readonly jwt: JwtVerifier | null;
  private readonly limiter = new RateLimiter();
  private readonly cache = new Map<string, { principal: Principal; expiresMs: number }>();

  constructor(private readonly config: AppConfig['auth'], private readonly readDb: Database.Database) {
    this.enabled = config.mode === 'keys';
    this.jwt = this.enabled ? createJwtVerifier(config.jwt) : null;
  }

  async authenticate(credentials: Credentials): Promise<Principal> {
    if (!this.enabled) return ANONYMOUS;
    const presented = credentials.authorization?.trim() || (credentials.apiKey?.trim() ? `Bearer ${credentials.apiKey.trim()}` : '');
    if (!presented) throw new AppError('UNAUTHORIZED', MISSING);
    const cached = this.cache.get(presented);
    if (cached && cached.expiresMs > Date.now()) return cached.principal;
    const principal = await this.verify(presented);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(presented, { principal, expiresMs: Date.now() + this.config.key_cache_seconds * 1000 });
    return principal;
  }

  /** One request against the caller's per-minute budget; null for the anonymous caller. */
  limit(principal: Principal): RateDecision | null {
    if (principal.kind === 'anonymous') return null;
    return this.limiter.take(principal.identity, this.config.rate_limits[principal.role]);
  }

  /** The project an OTLP export writes into: the caller's, checked for write permission and
   *  rate-limited (a refusal is 429 / RESOURCE_EXHAUSTED with a retry delay, which exporters
   *  retry); a path or x-project-id naming a project the caller does not have is a 404. */
  otlpProject(credentials: Credentials, requested: string | undefined): string | Promise<string> {
    // Auth off: synchronous, so the export path pays no extra await per request.
    if (!this.enabled) return requested || 'default';
    return this.authorizeExport(credentials, requested);
  }

  private async authorizeExport(credentials: Credentials, requested: string | undefined): Promise<string> {
    const principal = await this.authenticate(credentials);
    authorize(principal, 'write');
    enforceLimit(this.limit(principal));
    return resolveRequestProject(principal, requested);
  }

  private async verify(presented: string): Promise<Principal> {
    const [scheme, value = ''] = presented.split(/\s+/, 2);
    if (scheme!.toLowerCase() === 'basic') return fromKey(this.verifyBasic(value));
    if (scheme!.toLowerCase() !== 'bearer' || !value) throw new AppError('UNAUTHORIZED', `unsupported Authorization scheme: ${MISSING}`);
    if (value.startsWith('sk-')) return fromKey(findKeyBySecret(this.readDb, value));
    if (looksLikeJwt(value)) {
      if (!this.jwt) throw new AppError('UNAUTHORIZED', 'JWT bearer tokens are not accepted: no auth.jwt key is configured');
      const claims = await this.jwt.verify(value);
      return { kind: 'jwt', identity: `jwt:${claims.sub}`, role: claims.role, projects: claims.projects, userId: claims.sub };
    }
    throw new AppError('UNAUTHORIZED', 'invalid bearer token: expected a secret key (sk-…) or a JWT');
  }

  private verifyBasic(encoded: string): ApiKeyRecord | null {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new AppError('UNAUTHORIZED', 'invalid Basic credentials: expected base64(public_key:secret_key)');
    return verifyKeyPair(this.readDb, decoded.slice(0, colon), decoded.slice(colon + 1));
  }
}

function fromKey(key: ApiKeyRecord | null): Principal {
  if (!key) throw new AppError('UNAUTHORIZED', 'invalid API key: unknown, revoked, or the secret does not match');
  // An admin is admin of every project (docs/auth.md); other roles act in their key's project.
  const projects = key.role === 'admin' ? '*' : [key.projectId];
  return { kind: 'key', identity: `key:${key.publicKey}`, role: key.role, projects, userId: key.owner ?? key.publicKey };
}

/** The project a request acts in: the one it names, if the caller may see it (else 404: another
 *  project's existence is not disclosed), or the caller's own (`fallback` for every-project callers). */
export function resolveRequestProject(principal: Principal, requested: string | undefined, fallback = 'default'): string {
  if (principal.projects === '*') return requested || fallback;
  if (!requested) return principal.projects[0]!;
  if (principal.projects.includes(requested)) return requested;
  throw new AppError('NOT_FOUND', `project '${requested}' not found`);
}

/** The projects a cross-project read covers: the one asked for (checked), else every project
 *  the caller has (null: every project there is). */
export function scopeProjects(principal: Principal, requested: string | undefined): string[] | null {
  if (requested) return [resolveRequestProject(principal, requested)];
  return principal.projects === '*' ? null : [...principal.projects];
}

/** FORBIDDEN unless the caller's role may do `action` (the matrix in rbac.ts). */
export function authorize(principal: Principal, action: Action): void {
  if (!isAllowed(principal.role, action)) throw new AppError('FORBIDDEN', `role '${principal.role}' may not ${ACTION_WORDS[action]}`);
}

const ACTION_WORDS: Record<Action, string> = {
  read: 'read trace data', write: 'write (ingest, create, update or delete)', usage: 'read usage and cost', manage: 'manage projects and keys',
};

/** TOO_MANY_REQUESTS (with its retry delay) when the caller's budget is spent. */
export function enforceLimit(decision: RateDecision | null): void {
  if (decision && !decision.allowed) {
    throw new AppError('TOO_MANY_REQUESTS', `rate limit exceeded: ${decision.limit} requests a minute for this caller; retry in ${decision.retryAfterSeconds}s`, { retryAfterSeconds: decision.retryAfterSeconds });
  }
}
