// QUERY/SERVE (analytics family): GET /api/v1/traces query parameters. Input: the query
// string (validated by the zod schema below, which also documents it). Output: the time
// range, and the AND of one filter-AST condition per given parameter.
import { z } from '@hono/zod-openapi';
import { ANALYTICS_SORT_FIELDS } from '../../store/read/analytics-fields.js';
import type { FieldRef, FilterNode } from '../../store/shared/filter-ast.js';
import { parseTimeNs, TIME_FORMAT_HINT } from './relative-time.js';

const isTimeText = (text: string) => text === '' || parseTimeNs(text, Date.now()) !== null;

const timeParam = (description: string, example: string) =>
  z.string().optional()
    .refine((v) => v === undefined || isTimeText(v), { message: `expected ${TIME_FORMAT_HINT}` })
    .openapi({ format: 'date-time', description, example });

const text = (description: string, example?: string) => z.string().optional().openapi({ description, ...(example ? { example } : {}) });

export const SORT_BY_HINT = `one of ${ANALYTICS_SORT_FIELDS.join(', ')}`;

export const isSortField = (name: string) => ANALYTICS_SORT_FIELDS.includes(name);

export const ListTracesQuery = z.object({
  from: timeParam('Start time (ISO 8601 or relative like "now-1h")', '2025-11-01T00:00:00Z'),
  to: timeParam('End time (ISO 8601 or relative)', '2025-11-05T23:59:59Z'),
  project_id: text('Filter by project ID (absent: every project)', 'project-123'),
  provider: text('Filter by provider (e.g., "openai", "anthropic")', 'openai'),
  model: text('Filter by model (e.g., "gpt-4", "claude-3-opus")', 'gpt-4'),
  status: z.string().optional()
    .refine((v) => v === undefined || /^(success|error)$/i.test(v), { message: 'expected SUCCESS or ERROR' })
    .openapi({ description: 'Filter by status code (SUCCESS or ERROR, any case)', example: 'SUCCESS' }),
  min_duration: z.coerce.number().int().optional().openapi({ description: 'Minimum duration in milliseconds', example: 1000 }),
  max_duration: z.coerce.number().int().optional().openapi({ description: 'Maximum duration in milliseconds', example: 5000 }),
  min_cost: z.coerce.number().optional().openapi({ format: 'float', description: 'Minimum cost in USD', example: 0.01 }),
  max_cost: z.coerce.number().optional().openapi({ format: 'float', description: 'Maximum cost in USD', example: 1.0 }),
  environment: text('Filter by environment', 'production'),
  user_id: text('Filter by user ID'),
  session_id: text('Filter by session ID'),
  search: text('Full-text search in input/output (SQLite FTS5, same as the search operator)'),
  cursor: text('Pagination cursor from previous response'),
  limit: z.coerce.number().int().min(1).max(1000).default(50).openapi({ description: 'Number of results per page (1-1000)' }),
  sort_by: z.string().default('ts')
    .refine(isSortField, { message: `expected ${SORT_BY_HINT}` })
    .openapi({ description: `Field to sort by (${SORT_BY_HINT})` }),
  sort_order: z.enum(['asc', 'desc']).default('desc').openapi({ description: 'Sort order' }),
});

export type ListTracesParams = z.infer<typeof ListTracesQuery>;

/** A query parameter given empty (`?provider=`) counts as not given. */
export const given = (value: string | undefined): value is string => value !== undefined && value !== '';

export function getListTimeRange(params: ListTracesParams, nowMs: number): { fromNs?: bigint; toNs?: bigint } {
  return {
    ...(given(params.from) ? { fromNs: parseTimeNs(params.from, nowMs)! } : {}),
    ...(given(params.to) ? { toNs: parseTimeNs(params.to, nowMs)! } : {}),
  };
}

export function buildListFilter(params: ListTracesParams): FilterNode | null {
  const conditions: FilterNode[] = [];
  const add = (name: string, op: 'eq' | 'gte' | 'lte' | 'search', value: unknown) => {
    const field: FieldRef = { kind: 'column', name };
    conditions.push({ field, op, value });
  };
  if (given(params.provider)) add('provider', 'eq', params.provider);
  if (given(params.model)) add('model', 'eq', params.model);
  if (given(params.status)) add('status_code', 'eq', params.status.toUpperCase());
  if (params.min_duration !== undefined) add('duration_ms', 'gte', params.min_duration);
  if (params.max_duration !== undefined) add('duration_ms', 'lte', params.max_duration);
  if (params.min_cost !== undefined) add('total_cost_usd', 'gte', params.min_cost);
  if (params.max_cost !== undefined) add('total_cost_usd', 'lte', params.max_cost);
  if (given(params.environment)) add('environment', 'eq', params.environment);
  if (given(params.user_id)) add('user_id', 'eq', params.user_id);
  if (given(params.session_id)) add('session_id', 'eq', params.session_id);
  if (given(params.search) && params.search.trim() !== '') {
    const inText = (name: string): FilterNode => ({ field: { kind: 'column', name }, op: 'search', value: params.search });
    conditions.push({ or: [inText('input_text'), inText('output_text')] });
  }
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0]! : { and: conditions };
}
