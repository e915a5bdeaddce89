// QUERY/SERVE: the one auth gate of the REST families. Input: a request's credentials. Output:
// the caller (a Principal, kept on the context for the routes' project scoping), the
// X-RateLimit-* headers on every authenticated response, or an AppError the family renders in
// its own shape: 401 bad or missing credentials, 429 over the rate limit, 403 a role that may
// not do this (the matrix in src/auth/rbac.ts).
import type { Context, MiddlewareHandler } from 'hono';
import { ANONYMOUS, authorize, enforceLimit, type Principal } from '../auth/access.js';
import type { RateDecision } from '../auth/rate-limiter.js';
import type { Action } from '../auth/rbac.js';
import type { ApiDeps } from './deps.js';

/** What a request does; null: it needs no credentials (health checks). */
export type Classify = (c: Context) => Action | null;

/** Reads are GET/HEAD; everything else writes. */
export const classifyByMethod: Classify = (c) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write');

const PRINCIPAL = 'principal';

export function requireAccess(deps: ApiDeps, classify: Classify = classifyByMethod): MiddlewareHandler {
  return async (c, next) => {
    const access = deps.access;
    const action = access?.enabled ? classify(c) : null;
    if (!access || action === null) return next();
    const principal = await access.authenticate({ authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key') });
    const decision = access.limit(principal);
    if (decision) setRateLimitHeaders(c, decision);
    enforceLimit(decision);
    authorize(principal, action);
    c.set(PRINCIPAL as never, principal as never);
    await next();
  };
}

/** The caller of a request (the anonymous admin when auth is off). */
export function principalOf(c: Context): Principal {
  return (c.get(PRINCIPAL as never) as Principal | undefined) ?? ANONYMOUS;
}

function setRateLimitHeaders(c: Context, decision: RateDecision): void {
  c.header('X-RateLimit-Limit', String(decision.limit));
  c.header('X-RateLimit-Remaining', String(decision.remaining));
  c.header('X-RateLimit-Reset', String(decision.resetAtSeconds));
}
