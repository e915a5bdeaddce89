// STORE: the trace roll-up the writer keeps in `traces`: the spans of one batch are folded
// per trace in memory (addToRollup), then upserted once per trace, merging with what
// earlier batches stored.
import type { SpanRow } from '../shared/rows.js';
import { TRACE_FACET_LISTS, TRACE_FACETS, type TraceFacet } from './trace-facets.js';
import type { CostCounts, TokenTotals } from '../shared/cost-totals.js';

/** A JSON array column that keeps the union of the stored and the incoming values. */
const unionJsonArray = (column: string) => `${column} = CASE WHEN excluded.${column} IS NULL THEN traces.${column}
    WHEN traces.${column} IS NULL THEN excluded.${column}
    ELSE (SELECT json_group_array(value) FROM (SELECT value FROM json_each(traces.${column})
          UNION SELECT value FROM json_each(excluded.${column}))) END`;

/** The inserted values, in order: positional parameters bind without a property lookup per
 *  name (better-sqlite3 binds a named-parameter object with Has + Get per key). */
const TRACE_VALUES = ['project_id', 'trace_id', 'name', 'root_span_id', 'start_ns', 'end_ns', 'span_count', 'genai_span_count',
  'error_count', 'session_id', 'user_id', 'environment', 'release', 'version', 'tags_json', 'models_json', 'providers_json',
  'frameworks_json', 'input_tokens', 'output_tokens', 'total_tokens', 'cache_read_tokens', 'cache_write_tokens',
  'reasoning_tokens', 'total_cost', 'priced_generation_count', 'unpriced_generation_count', 'input_preview', 'output_preview',
  'created_at_ms', 'updated_at_ms'] as const;

// Trace roll-up: times widen, counters add, the root span names the trace, the first
// known session/user/environment sticks, tags, models, providers and frameworks are unioned.
export const UPSERT_TRACE_SQL = `
INSERT INTO traces (${TRACE_VALUES.join(', ')})
VALUES (${TRACE_VALUES.map(() => '?').join(', ')})
ON CONFLICT (project_id, trace_id) DO UPDATE SET
  name = CASE WHEN excluded.root_span_id IS NOT NULL AND traces.root_span_id IS NULL THEN excluded.name
              WHEN traces.root_span_id IS NULL AND excluded.start_ns < traces.start_ns THEN excluded.name
              ELSE traces.name END,
  root_span_id = COALESCE(traces.root_span_id, excluded.root_span_id),
  start_ns = MIN(traces.start_ns, excluded.start_ns),
  end_ns = MAX(traces.end_ns, excluded.end_ns),
  span_count = traces.span_count + excluded.span_count,
  genai_span_count = traces.genai_span_count + excluded.genai_span_count,
  error_count = traces.error_count + excluded.error_count,
  session_id = COALESCE(traces.session_id, excluded.session_id),
  user_id = COALESCE(traces.user_id, excluded.user_id),
  environment = COALESCE(traces.environment, excluded.environment),
  release = COALESCE(traces.release, excluded.release),
  version = COALESCE(traces.version, excluded.version),
  ${TRACE_FACETS.map((facet) => unionJsonArray(TRACE_FACET_LISTS[facet])).join(',\n  ')},
  ${unionJsonArray('tags_json')},
  input_tokens = traces.input_tokens + excluded.input_tokens,
  output_tokens = traces.output_tokens + excluded.output_tokens,
  total_tokens = traces.total_tokens + excluded.total_tokens,
  cache_read_tokens = traces.cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = traces.cache_write_tokens + excluded.cache_write_tokens,
  reasoning_tokens = traces.reasoning_tokens + excluded.reasoning_tokens,
  total_cost = traces.total_cost + excluded.total_cost,
  priced_generation_count = traces.priced_generation_count + excluded.priced_generation_count,
  unpriced_generation_count = traces.unpriced_generation_count + excluded.unpriced_generation_count,
  input_preview = CASE WHEN excluded.root_span_id IS NOT NULL AND excluded.input_preview IS NOT NULL THEN excluded.input_preview
                       ELSE COALESCE(traces.input_preview, excluded.input_preview) END,
  output_preview = CASE WHEN excluded.root_span_id IS NOT NULL AND excluded.output_preview IS NOT NULL THEN excluded.output_preview
                        WHEN traces.root_span_id IS NOT NULL AND traces.output_preview IS NOT NULL THEN traces.output_preview
                        ELSE COALESCE(excluded.output_preview, traces.output_preview) END,
  updated_at_ms = excluded.updated_at_ms`;

export interface TraceRollup extends TokenTotals, CostCounts {
  project_id: string;
  trace_id: string;
  name: string | null;
  root_span_id: string | null;
  start_ns: bigint;
  end_ns: bigint;
  span_count: number;
  genai_span_count: number;
  error_count: number;
  session_id: string | null;
  user_id: string | null;
  environment: string | null;
  release: string | null;
  version: string | null;
  tags: Set<string> | null;
  input_preview: string | null;
  output_preview: string | null;
  output_preview_end_ns: bigint;
}

/** The fields of a span the trace roll-up needs, read back from its tuple. */
export type RollupSpan = Pick<SpanRow, 'project_id' | 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'start_ns' | 'end_ns' | 'is_genai' | 'status_code' | 'session_id' | 'user_id' | 'environment' | 'release' | 'version' | 'tags_json' | 'input_preview' | 'output_preview' | 'usage_counted' | 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'total_cost' | 'trace_name' | 'observation_type'>;

/** `key`: the span's trace key (project and trace id), built once per span by the caller. */
export function addToRollup(rollups: Map<string, TraceRollup>, key: string, row: RollupSpan): void {
  let r = rollups.get(key);
  const isRoot = !row.parent_span_id;
  if (!r) {
    r = newRollup(row);
    rollups.set(key, r);
  } else {
    if ((isRoot && !r.root_span_id) || (!r.root_span_id && row.start_ns < r.start_ns)) r.name = row.trace_name ?? row.name;
    if (isRoot && !r.root_span_id) r.root_span_id = row.span_id;
    if (row.start_ns < r.start_ns) r.start_ns = row.start_ns;
    if (row.end_ns > r.end_ns) r.end_ns = row.end_ns;
    r.span_count++;
    r.genai_span_count += row.is_genai;
    r.error_count += row.status_code === 2 ? 1 : 0;
    r.session_id ??= row.session_id;
    r.user_id ??= row.user_id;
    r.environment ??= row.environment;
    r.release ??= row.release;
    r.version ??= row.version;
    mergePreviews(r, row, isRoot);
  }
  mergeTags(r, row.tags_json);
  if (row.usage_counted) addUsage(r, row);
}

function newRollup(row: RollupSpan): TraceRollup {
  const isRoot = !row.parent_span_id;
  return {
    project_id: row.project_id, trace_id: row.trace_id, name: row.trace_name ?? row.name,
    root_span_id: isRoot ? row.span_id : null, start_ns: row.start_ns, end_ns: row.end_ns, span_count: 1,
    genai_span_count: row.is_genai, error_count: row.status_code === 2 ? 1 : 0, session_id: row.session_id,
    user_id: row.user_id, environment: row.environment, release: row.release, version: row.version, tags: null,
    input_tokens: 0, output_tokens: 0, total_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0,
    reasoning_tokens: 0, total_cost: 0, priced_generation_count: 0, unpriced_generation_count: 0, input_preview: isTracePreview(row) ? row.input_preview : null, output_preview: isTracePreview(row) ? row.output_preview : null,
    output_preview_end_ns: row.end_ns,
  };
}

/** A tool span's arguments and result are not the conversation's question and answer. */
function isTracePreview(row: RollupSpan): boolean {
  return !row.parent_span_id || row.observation_type !== 'tool';
}

function mergePreviews(r: TraceRollup, row: RollupSpan, isRoot: boolean): void {
  if (!isTracePreview(row)) return;
  if (isRoot && row.input_preview) r.input_preview = row.input_preview;
  else r.input_preview ??= row.input_preview;
  if (!row.output_preview) return;
  if (isRoot || !r.output_preview || (r.root_span_id === null && row.end_ns >= r.output_preview_end_ns)) {
    r.output_preview = row.output_preview;
    r.output_preview_end_ns = isRoot ? BigInt('0x7fffffffffffffff') : row.end_ns;
  }
}

function mergeTags(r: TraceRollup, tagsJson: string | null): void {
  if (!tagsJson) return;
  try {
    const tags: unknown = JSON.parse(tagsJson);
    if (!Array.isArray(tags)) return;
    r.tags ??= new Set();
    for (const tag of tags) if (typeof tag === 'string') r.tags.add(tag);
  } catch {
    // a malformed tags column is ignored for the roll-up; the span keeps it raw
  }
}

/** The usage and cost a span counted, as a roll-up reads them. */
export type CountedUsage = Pick<SpanRow, 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'total_cost'>;

export function hasTokenUsage(row: CountedUsage): boolean {
  return row.input_tokens !== null || row.output_tokens !== null || row.total_tokens !== null;
}

function addUsage(r: TraceRollup, row: CountedUsage, sign = 1): void {
  r.input_tokens += sign * (row.input_tokens ?? 0);
  r.output_tokens += sign * (row.output_tokens ?? 0);
  r.total_tokens += sign * (row.total_tokens ?? 0);
  r.cache_read_tokens += sign * (row.cache_read_tokens ?? 0);
  r.cache_write_tokens += sign * (row.cache_write_tokens ?? 0);
  r.reasoning_tokens += sign * (row.reasoning_tokens ?? 0);
  r.total_cost += sign * (row.total_cost ?? 0);
  if (row.total_cost !== null) r.priced_generation_count += sign;
  else if (hasTokenUsage(row)) r.unpriced_generation_count += sign;
}

/** Takes back a span counted before (this batch or an earlier one): a call found to repeat
 *  its child's (store/write/generation-nesting.ts). Negative deltas add to the stored row. */
export function removeFromRollup(r: TraceRollup, row: CountedUsage): void {
  addUsage(r, row, -1);
}

/** The upsert's parameters, in TRACE_VALUES order (the record type makes every column
 *  present; the order comes from the list). `added`: the models, providers and frameworks
 *  this batch brought to the trace (store/write/trace-facets.ts). */
export function toTraceParams(r: TraceRollup, nowMs: number, added: Record<TraceFacet, string[]>): unknown[] {
  const list = (facet: TraceFacet) => (added[facet].length > 0 ? JSON.stringify(added[facet]) : null);
  // One literal, no spread of the roll-up: copying it with rest/spread cost ~2 µs/span of writer.
  const values: Record<(typeof TRACE_VALUES)[number], unknown> = {
    project_id: r.project_id, trace_id: r.trace_id, name: r.name, root_span_id: r.root_span_id, start_ns: r.start_ns,
    end_ns: r.end_ns, span_count: r.span_count, genai_span_count: r.genai_span_count, error_count: r.error_count,
    session_id: r.session_id, user_id: r.user_id, environment: r.environment, release: r.release, version: r.version,
    tags_json: r.tags && r.tags.size > 0 ? JSON.stringify([...r.tags]) : null, models_json: list('model'),
    providers_json: list('provider'), frameworks_json: list('framework'), input_tokens: r.input_tokens,
    output_tokens: r.output_tokens, total_tokens: r.total_tokens, cache_read_tokens: r.cache_read_tokens,
    cache_write_tokens: r.cache_write_tokens, reasoning_tokens: r.reasoning_tokens, total_cost: r.total_cost,
    priced_generation_count: r.priced_generation_count, unpriced_generation_count: r.unpriced_generation_count, input_preview: r.input_preview, output_preview: r.output_preview, created_at_ms: nowMs, updated_at_ms: nowMs,
  };
  return TRACE_VALUES.map((column) => values[column]);
}
