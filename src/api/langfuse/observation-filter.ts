// QUERY/SERVE (Langfuse family): the observation list's simple query parameters plus its
// fern `filter` -> one filter AST. A `filter` condition on a column replaces the simple
// parameter for that column (Langfuse: "filter takes precedence").
import { toOtlpTraceId } from '../../direct-ingest/ids.js';
import type { FilterCondition, FilterNode } from '../../store/shared/filter-ast.js';
import { OBSERVATION_COLUMNS } from '../../store/read/observation-queries.js';
import { translateFernFilter } from './translate-filter.js';
import { parseTimeParam } from './time-format.js';
import { toList } from './query-schemas.js';

export const OBSERVATION_TYPES = [
  'GENERATION', 'SPAN', 'EVENT', 'AGENT', 'TOOL', 'CHAIN', 'RETRIEVER', 'EVALUATOR', 'EMBEDDING', 'GUARDRAIL',
  // The contract's name for tool calls; our tool spans are TOOL.
  'TOOL_CALL',
] as const;

export const OBSERVATION_LEVELS = ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'] as const;

export interface ObservationSimpleParams {
  type?: (typeof OBSERVATION_TYPES)[number];
  name?: string;
  userId?: string;
  sessionId?: string;
  traceId?: string;
  parentObservationId?: string;
  isRootObservation?: 'true' | 'false';
  level?: string;
  version?: string;
  environment?: string | string[];
  fromStartTime?: string;
  toStartTime?: string;
  filter?: string;
}

const FILTER_COLUMNS: ReadonlySet<string> = new Set(Object.keys(OBSERVATION_COLUMNS));

export function buildObservationFilter(params: ObservationSimpleParams): FilterNode {
  const translated = translateFernFilter(params.filter, FILTER_COLUMNS);
  const simple = simpleConditions(params).filter(([column]) => !translated.columns.has(column));
  return { and: [...translated.conditions, ...simple.map(([, condition]) => condition)] };
}

function column(name: string): FilterCondition['field'] {
  return { kind: 'column', name };
}

function simpleConditions(p: ObservationSimpleParams): [string, FilterCondition][] {
  const out: [string, FilterCondition][] = [];
  const eq = (name: string, value: string | undefined) => {
    if (value !== undefined) out.push([name, { field: column(name), op: 'eq', value }]);
  };
  if (p.type !== undefined) eq('type', p.type === 'TOOL_CALL' ? 'TOOL' : p.type);
  eq('name', p.name);
  eq('userId', p.userId);
  eq('sessionId', p.sessionId);
  // A caller's own trace id (direct ingestion) is stored under its OTLP-shaped id.
  eq('traceId', p.traceId === undefined ? undefined : toOtlpTraceId(p.traceId));
  eq('level', p.level);
  eq('version', p.version);
  // An empty parentObservationId asks for observations without a parent.
  if (p.parentObservationId === '') out.push(['parentObservationId', { field: column('parentObservationId'), op: 'is_null' }]);
  else eq('parentObservationId', p.parentObservationId);
  if (p.isRootObservation !== undefined) {
    out.push(['isRootObservation', { field: column('isRootObservation'), op: 'eq', value: p.isRootObservation === 'true' }]);
  }
  const environments = toList(p.environment);
  if (environments) out.push(['environment', { field: column('environment'), op: 'in', value: environments }]);
  const from = parseTimeParam('fromStartTime', p.fromStartTime);
  if (from !== undefined) out.push(['startTime', { field: column('startTime'), op: 'gte', value: nsToFilterValue(from) }]);
  const to = parseTimeParam('toStartTime', p.toStartTime);
  if (to !== undefined) out.push(['startTime', { field: column('startTime'), op: 'lt', value: nsToFilterValue(to) }]);
  return out;
}

/** Time values travel through the AST as ISO text; keep sub-ms digits exact. */
function nsToFilterValue(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const sub = (ns % 1_000_000n).toString().padStart(6, '0');
  const iso = new Date(Number(ms)).toISOString(); // ...sss Z
  return iso.replace('Z', sub + 'Z');
}
