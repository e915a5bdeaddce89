// Query benchmark, the analytics search API's cases (issue 14): simple filters, a complex
// nested filter, full-text search and a deep cursor page, against the spec's promises.
// The deep cursor is found by paging the project (1000 rows a page) before measuring.
import { MEASURED_PROJECT } from './query-seed.js';
import type { QueryCase } from './query-cases.js';
import { TOPIC_ASPECTS, TOPIC_SUBJECTS } from './seed-load.js';

const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)]!;
const field = (name: string, operator: string, value: unknown) => ({ field: name, operator, value });

/** 3 levels, 7 conditions, a NOT. */
const COMPLEX_FILTER = {
  operator: 'AND', filters: [
    field('provider', 'in', ['openai', 'anthropic']),
    { operator: 'OR', filters: [field('duration_ms', 'gte', 200), field('total_cost_usd', 'gt', 0.001)] },
    { operator: 'NOT', filters: [{ operator: 'AND', filters: [field('status_code', 'eq', 'ERROR'), field('model', 'eq', 'gpt-4o-mini')] }] },
    field('environment', 'ne', 'no-such-env'),
    field('span_name', 'starts_with', 'chat'),
  ],
};

export async function findDeepCursor(apiUrl: string, pages: number): Promise<string> {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const response = await fetch(`${apiUrl}/api/v1/traces/search`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: field('span_name', 'ne', '~'), limit: 1000, sort_by: 'ts', sort_desc: true, cursor, fields: ['span_id'] }),
    });
    const body = (await response.json()) as { pagination?: { cursor: string | null } };
    if (!body.pagination?.cursor) break;
    cursor = body.pagination.cursor;
  }
  if (!cursor) throw new Error('no deep cursor: is the project seeded?');
  return cursor;
}

export function buildAnalyticsCases(sampleCount: number, deepCursor: string, projectId = MEASURED_PROJECT): QueryCase[] {
  const search = (filter: unknown, extra: Record<string, unknown> = {}) => ({ path: '/api/v1/traces/search', body: { filter: { operator: 'AND', filters: [field('ts', 'gte', 'now-30d'), filter] }, limit: 50, sort_by: 'ts', sort_desc: true, ...extra } });
  const scoped = (filter: unknown) => ({ operator: 'AND', filters: [filter] });
  const c = (name: string, targetMs: number, request: QueryCase['request'], samples = sampleCount): QueryCase => ({ name: `analytics: ${name}`, targetMs, samples, request });
  const p = `project_id=${projectId}`;
  return [
    c('GET /api/v1/traces, no filter', 30, () => ({ path: `/api/v1/traces?${p}&limit=50` })),
    c('GET /api/v1/traces, every project', 30, () => ({ path: '/api/v1/traces?limit=50' })),
    c('GET /api/v1/traces, provider=anthropic', 30, () => ({ path: `/api/v1/traces?${p}&provider=anthropic&limit=50` })),
    c('GET /api/v1/traces, status=ERROR', 30, () => ({ path: `/api/v1/traces?${p}&status=ERROR&limit=50` })),
    c('GET /api/v1/traces, from=now-1h, min_cost', 30, () => ({ path: `/api/v1/traces?${p}&from=now-1h&min_cost=0.001&limit=50` })),
    c('search: provider eq openai', 30, () => ({ ...search(field('provider', 'eq', 'openai')), path: `/api/v1/traces/search?${p}` })),
    c('search: complex nested (3 levels, 7 conditions, NOT)', 100, () => ({ ...search(scoped(COMPLEX_FILTER)), path: `/api/v1/traces/search?${p}` })),
    c('search: input_text search <subject> (~1/20)', 80, () => ({ ...search(field('input_text', 'search', pick(TOPIC_SUBJECTS))), path: `/api/v1/traces/search?${p}` })),
    c('search: input_text search "<subject> <aspect>" (~1/300)', 80, () => ({ ...search(field('input_text', 'search', `"${pick(TOPIC_SUBJECTS)} ${pick(TOPIC_ASPECTS)}"`)), path: `/api/v1/traces/search?${p}` })),
    c('search: input_text search <absent word>', 80, () => ({ ...search(field('input_text', 'search', 'zyzzyva')), path: `/api/v1/traces/search?${p}` })),
    c('search: input_text search agent (every chat span)', 80, () => ({ ...search(field('input_text', 'search', 'agent')), path: `/api/v1/traces/search?${p}` })),
    c('search: deep cursor page (~200k rows in)', 30, () => ({ path: '/api/v1/traces/search', body: { filter: field('span_name', 'ne', '~'), limit: 50, sort_by: 'ts', sort_desc: true, cursor: deepCursor, fields: ['span_id'] } })),
  ];
}
