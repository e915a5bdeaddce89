// CLI (queries): the flags every query command shares, turned into what the explorer API
// takes. Input: parsed flag values; output: the client to use (--url or --db) and query
// parameters (filters in either dialect passed as given, plus the shortcuts as conditions).
import { parseDurationMs } from '../config/durations.js';
import { loadConfig, splitEndpoint } from '../config/load-config.js';
import { createDbClient, createHttpClient, type QueryClient, type QueryParams } from './query-client.js';

/** Bad arguments: exit code 2. */
export class UsageError extends Error {}

export const DEFAULT_URL = 'http://127.0.0.1:5388';

export interface QueryValues {
  url?: string; db?: string; config?: string; project?: string; 'api-key'?: string; json?: boolean; help?: boolean;
  filter?: string; session?: string; user?: string; model?: string; environment?: string[]; since?: string;
  limit?: string; page?: string; 'include-nongenai'?: boolean; role?: string;
  count?: string; timeout?: string; interval?: string;
}

export const CONNECTION_OPTIONS = {
  url: { type: 'string' }, db: { type: 'string' }, config: { type: 'string' }, project: { type: 'string' },
  'api-key': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export const TRACE_FILTER_OPTIONS = {
  filter: { type: 'string' }, session: { type: 'string' }, user: { type: 'string' }, model: { type: 'string' },
  environment: { type: 'string', multiple: true }, since: { type: 'string' }, 'include-nongenai': { type: 'boolean' },
} as const;

export const CONNECTION_HELP = `Where from (one of):
  --url URL           a running tracelite's API (default: --config's api.endpoint, else ${DEFAULT_URL})
  --db FILE           read the database file directly (read-only; safe while a server writes it)
  --config FILE       the server's config.yaml (its api.endpoint)
Options:
  --project NAME      project (default: default)
  --api-key KEY       sent as Authorization: Bearer KEY when the server has auth on (env TRACELITE_API_KEY)
  --json              the API's JSON on stdout instead of a table
  -h, --help          this help`;

export const TRACE_FILTER_HELP = `Filters (ANDed):
  --filter JSON       the explorer's filters, either dialect: '[{"key":"environment","op":"eq","value":"prod"}]'
                      or '[{"type":"string","column":"trace_name","operator":"=","value":"chat"}]'
  --session ID        traces of one session            --user ID        traces of one user
  --model M           traces with a span of model M    --environment E  (repeatable)
  --since T           started in the last T (10m, 2h, 7d) or since an ISO 8601 time
  --include-nongenai  also traces without GenAI spans (hidden by default, as in the explorer)`;

/** --url, else --db, else --config's api.endpoint, else the default port on loopback. */
export function createQueryClient(values: QueryValues, env: NodeJS.ProcessEnv): QueryClient {
  if (values.url !== undefined && values.db !== undefined) throw new UsageError('give --url or --db, not both');
  const project = values.project ?? 'default';
  if (values.db !== undefined) {
    const config = loadConfig({ configFile: values.config, db: values.db });
    return createDbClient({ file: config.storage.path, project, config });
  }
  const url = values.url ?? (values.config !== undefined ? urlOfConfig(values.config) : DEFAULT_URL);
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url ${url}: expected http://HOST:PORT`);
  return createHttpClient({ url, project, apiKey: values['api-key'] ?? (env.TRACELITE_API_KEY || undefined) });
}

function urlOfConfig(file: string): string {
  const { host, port } = splitEndpoint(loadConfig({ configFile: file }).api.endpoint);
  // A server bound to every interface is reached on loopback.
  const reachable = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** The trace list's query parameters for the filter flags (the shortcuts that the list has
 *  no parameter for become filter conditions in the documented dialect). */
export function buildTraceQuery(values: QueryValues, now = Date.now()): QueryParams {
  const shortcuts = values.model === undefined ? [] : [{ key: 'model', op: 'eq', value: values.model }];
  return {
    filters: mergeFilters(values.filter, shortcuts),
    session_id: values.session,
    user_id: values.user,
    environment: values.environment,
    from_timestamp: values.since === undefined ? undefined : parseSince(values.since, now),
    include_nongenai: values['include-nongenai'] ? 'true' : undefined,
  };
}

/** The user's --filter as given when there is nothing to add; else its conditions and the shortcuts' in one array. */
export function mergeFilters(filter: string | undefined, extra: object[]): string | undefined {
  if (filter === undefined || filter.trim() === '') return extra.length === 0 ? undefined : JSON.stringify(extra);
  let parsed: unknown;
  try {
    parsed = JSON.parse(filter);
  } catch (err) {
    throw new UsageError(`--filter is not JSON (${(err as Error).message}); e.g. '[{"key":"environment","op":"eq","value":"prod"}]'`);
  }
  if (extra.length === 0) return filter;
  return JSON.stringify([...(Array.isArray(parsed) ? parsed : [parsed]), ...extra]);
}

/** `250ms`, `30s`, `10m`, `2h`, `7d`, `1w` (a bare number is seconds) to milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const ms = parseDurationMs(/^\d+(\.\d+)?$/.test(text.trim()) ? `${text.trim()}s` : text);
  if (ms === null) throw new UsageError(`${flag} ${text}: expected a duration such as 250ms, 30s, 10m, 2h or 7d`);
  return ms;
}

/** --since: a duration back from now, or an ISO 8601 time; the API's from_timestamp. */
export function parseSince(text: string, now: number): string {
  if (/^\d/.test(text) && /\d(ms|s|m|h|d|w)?$/.test(text) && !text.includes('-')) return new Date(now - parseDuration(text, '--since')).toISOString();
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`--since ${text}: expected a duration (10m, 2h, 7d) or an ISO 8601 time`);
  return text;
}

/** A positive integer flag (--limit, --page, --count). */
export function parsePositiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} ${text}: expected a whole number of at least 1`);
  return Number(text);
}
