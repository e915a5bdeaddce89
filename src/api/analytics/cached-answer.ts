// QUERY/SERVE (analytics family): the success envelope and the result cache around it.
// Input: a request's identity (method, path, validated query/body, project scope) and the
// computation of its `data` (+ `pagination`). Output: `{status, data, pagination?, meta}`,
// from the cache when the same request was answered at the same store data version.
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { currentDataVersion } from '../../store/shared/read-cache.js';
import { databaseIdentity } from '../../store/read/analytics-cursor.js';
import type { ApiDeps } from '../deps.js';
import type { QueryCache } from './query-cache.js';

export const API_VERSION = '1.0.0';

/** What the cache keeps: everything of the body but `status` and `meta`. */
export interface QueryResult {
  data: unknown;
  pagination?: { cursor: string | null; has_more: boolean; limit: number; total: null };
}

export interface CachedQuery {
  /** The validated query or body (canonical JSON of it goes into the key). */
  request: unknown;
  /** The projects read (null: every project). */
  projectIds: string[] | null;
  compute(): QueryResult;
}

const requestIds = new WeakMap<Request, string>();

/** The request's id: the caller's `x-request-id` (printable, at most 128 characters) or a new UUID. */
export function getRequestId(c: Context): string {
  let id = requestIds.get(c.req.raw);
  if (id === undefined) {
    const given = (c.req.header('x-request-id') ?? '').replace(/[^\w.:/@+=-]/g, '').slice(0, 128);
    id = given !== '' ? given : randomUUID();
    requestIds.set(c.req.raw, id);
  }
  return id;
}

export async function answerWithCache(c: Context, deps: ApiDeps, cache: QueryCache, query: CachedQuery): Promise<Response> {
  const startedMs = performance.now();
  const key = buildCacheKey(c, deps, query);
  let parts = await cache.get(key);
  const cached = parts !== null;
  if (parts === null) {
    parts = JSON.stringify(query.compute());
    await cache.set(key, parts);
  }
  const meta = { timestamp: new Date().toISOString(), execution_time_ms: Math.round(performance.now() - startedMs), cached, version: API_VERSION, request_id: getRequestId(c) };
  // Spliced as text: a cached page of 1000 rows is not parsed again just to add `meta`.
  const body = `{"status":"success",${parts.slice(1, -1)},"meta":${JSON.stringify(meta)}}`;
  return c.body(body, 200, { 'Content-Type': 'application/json' });
}

/** Method, path, canonical request, scope, the database and the store's data version (a commit changes it,
 *  so a newly committed span is never answered from an older entry), hashed to a short key. */
function buildCacheKey(c: Context, deps: ApiDeps, query: CachedQuery): string {
  const scope = query.projectIds === null ? null : [...query.projectIds].sort();
  // The data version counts this connection's view of commits; the database identity keeps two
  // instances sharing a Redis apart (two on one file may share an entry up to its 1 s TTL).
  const identity = JSON.stringify([c.req.method, c.req.path, canonicalJson(query.request), scope, databaseIdentity(deps.readDb), currentDataVersion(deps.readDb)]);
  return `analytics:v1:${createHash('sha256').update(identity).digest('base64url')}`;
}

/** JSON with object keys sorted at every level: equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
