// STORE (read side): distinct values with counts for the explorer's filter dropdowns.
// Input: project id, the option columns asked for (allowlisted here), an optional time
// window; output: per column the most frequent values. Answers are cached until the
// next commit: they are whole-project GROUP BYs.
import type Database from 'better-sqlite3';
import { cacheKey, getReadCache, prepareCached } from '../shared/read-cache.js';
import { findFacetOptions, SPAN_FACETS, type SpanFacet } from '../write/span-facets.js';

export interface FilterOption {
  value: string;
  count: number;
}

export interface FilterOptionsWindow {
  fromNs?: bigint;
  toNs?: bigint;
}

/** Most values one column lists (the most frequent first). */
const MAX_OPTIONS = 100;
/** How stale a cached option list may get while data keeps arriving (SideSeat: max-age=30). */
const MAX_STALE_MS = 30_000;

type OptionSource = { table: 'traces' | 'spans'; expr: string; count?: string } | { table: 'trace_tags' };

const TRACE_OPTION_SOURCES: Record<string, OptionSource> = {
  environment: { table: 'traces', expr: 't.environment' },
  session_id: { table: 'traces', expr: 't.session_id' },
  user_id: { table: 'traces', expr: 't.user_id' },
  trace_name: { table: 'traces', expr: 't.name' },
  release: { table: 'traces', expr: 't.release' },
  version: { table: 'traces', expr: 't.version' },
  tags: { table: 'trace_tags' },
  model: { table: 'spans', expr: 's.model' },
  gen_ai_request_model: { table: 'spans', expr: 's.request_model' },
  provider: { table: 'spans', expr: 's.provider' },
  gen_ai_system: { table: 'spans', expr: 's.provider' },
  framework: { table: 'spans', expr: 's.framework' },
  observation_type: { table: 'spans', expr: 's.observation_type' },
};

const SPAN_OPTION_SOURCES: Record<string, OptionSource> = {
  observation_type: { table: 'spans', expr: 's.observation_type' },
  model: { table: 'spans', expr: 's.model' },
  gen_ai_request_model: { table: 'spans', expr: 's.request_model' },
  provider: { table: 'spans', expr: 's.provider' },
  gen_ai_system: { table: 'spans', expr: 's.provider' },
  framework: { table: 'spans', expr: 's.framework' },
  status_code: { table: 'spans', expr: `(CASE s.status_code WHEN 1 THEN 'OK' WHEN 2 THEN 'ERROR' ELSE 'UNSET' END)` },
  category: { table: 'spans', expr: 's.category' },
  span_category: { table: 'spans', expr: 's.category' },
  environment: { table: 'spans', expr: 's.environment' },
  agent_name: { table: 'spans', expr: 's.agent_name' },
  gen_ai_agent_name: { table: 'spans', expr: 's.agent_name' },
  tool_name: { table: 'spans', expr: 's.tool_name' },
};

const SESSION_OPTION_SOURCES: Record<string, OptionSource> = {
  environment: { table: 'traces', expr: 't.environment', count: 'COUNT(DISTINCT t.session_id)' },
  user_id: { table: 'traces', expr: 't.user_id', count: 'COUNT(DISTINCT t.session_id)' },
};

export const DEFAULT_TRACE_OPTION_COLUMNS = ['environment', 'session_id', 'user_id', 'trace_name', 'model', 'provider', 'framework', 'tags', 'observation_type'];
export const DEFAULT_SPAN_OPTION_COLUMNS = ['observation_type', 'model', 'provider', 'framework', 'status_code', 'category', 'environment', 'agent_name'];
export const DEFAULT_SESSION_OPTION_COLUMNS = ['environment', 'user_id'];

export type OptionEntity = 'traces' | 'spans' | 'sessions';

const SOURCES: Record<OptionEntity, Record<string, OptionSource>> = {
  traces: TRACE_OPTION_SOURCES,
  spans: SPAN_OPTION_SOURCES,
  sessions: SESSION_OPTION_SOURCES,
};

/** Column names the entity can list options for (the allowlist the API validates against). */
export function optionColumns(entity: OptionEntity): string[] {
  return Object.keys(SOURCES[entity]);
}

export interface FilterOptionsQuery extends FilterOptionsWindow {
  projectId: string;
  entity: OptionEntity;
  columns: string[];
  /** Spans only: restrict to GenAI spans. */
  genaiOnly?: boolean;
}

export function findFilterOptions(db: Database.Database, query: FilterOptionsQuery): Record<string, FilterOption[]> {
  const out: Record<string, FilterOption[]> = {};
  for (const column of query.columns) {
    const source = SOURCES[query.entity][column];
    if (!source) continue;
    const facet = facetOf(source, query);
    if (facet) {
      out[column] = findFacetOptions(db, query.projectId, facet, query.genaiOnly === true, MAX_OPTIONS);
      continue;
    }
    const { sql, params } = buildOptionSql(source, query);
    // An empty list is never served stale: the first values to arrive show at once (a UI that
    // asked before the first trace would otherwise show empty dropdowns for MAX_STALE_MS).
    const compute = () => prepareCached(db, sql).all(...params) as FilterOption[];
    out[column] = getReadCache(db).get(cacheKey(sql, params), compute, MAX_STALE_MS, (options) => options.length > 0);
  }
  return out;
}

const FACET_BY_EXPR: Record<string, SpanFacet> = Object.fromEntries(
  SPAN_FACETS.filter((f) => f !== 'status_code').map((f) => [`s.${f}`, f]),
);

/** Span-column options over the whole project come from the writer-kept facet counts
 *  (a time window still needs the GROUP BY). Counts are spans, as the GROUP BY counts. */
function facetOf(source: OptionSource, query: FilterOptionsQuery): SpanFacet | null {
  if (source.table !== 'spans' || query.fromNs !== undefined || query.toNs !== undefined) return null;
  if (source.expr.startsWith('(CASE s.status_code')) return 'status_code';
  return FACET_BY_EXPR[source.expr] ?? null;
}

function buildOptionSql(source: OptionSource, query: FilterOptionsQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [query.projectId];
  const alias = source.table === 'spans' ? 's' : 't';
  const clauses = [`${alias}.project_id = ?`];
  if (query.fromNs !== undefined) clauses.push(`${alias}.start_ns >= ?`), params.push(query.fromNs);
  if (query.toNs !== undefined) clauses.push(`${alias}.start_ns <= ?`), params.push(query.toNs);
  if (query.entity === 'sessions') clauses.push('t.session_id IS NOT NULL');
  if (query.entity === 'spans' && query.genaiOnly) clauses.push('s.is_genai = 1');
  const tail = `ORDER BY count DESC, value LIMIT ${MAX_OPTIONS}`;
  if (source.table === 'trace_tags') {
    const sql = `SELECT j.value AS value, COUNT(*) AS count FROM traces t, json_each(t.tags_json) j
      WHERE ${clauses.join(' AND ')} AND t.tags_json IS NOT NULL GROUP BY j.value ${tail}`;
    return { sql, params };
  }
  const from = source.table === 'spans' ? 'spans s' : 'traces t';
  const sql = `SELECT ${source.expr} AS value, ${source.count ?? 'COUNT(*)'} AS count FROM ${from}
    WHERE ${clauses.join(' AND ')} AND ${source.expr} IS NOT NULL GROUP BY ${source.expr} ${tail}`;
  return { sql, params };
}
