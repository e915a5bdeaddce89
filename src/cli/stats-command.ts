// CLI (queries): `tracelite stats`. Input: the trace list's query (the same filters as
// `traces list`); output: trace and span counts, tokens and cost in total, by model, by
// provider and by day, computed from the explorer API's pages (traces, then their spans).
import type { SpanSummaryDto, TraceSummaryDto } from '../api/explorer/dto.js';
import type { QueryClient, QueryParams } from './query-client.js';
import { formatCost, formatTable, formatTokens } from './table-output.js';
import type { PageDto } from './trace-views.js';

export const STATS_HELP = `Covers the traces \`traces list\` shows with the same filters (all of them, not one
page) and every span of those traces. Counts: traces, spans, GenAI spans, failed traces.
Tokens and cost: in total; by model and by provider (the spans whose usage counts toward
their trace's total, as in the explorer, so the rows add up to the total); by day (UTC, the
day each trace started). Reads every matching trace and span: narrow it with --since on a
large database.`;

/** Largest page the explorer serves. */
const PAGE_SIZE = 500;
/** Trace ids per span request: keeps the URL (a `trace_id in [...]` filter) near 4 KB. */
const TRACE_IDS_PER_REQUEST = 100;

interface Usage { spans: number; input_tokens: number; output_tokens: number; total_tokens: number; total_cost: number }
export interface StatsDto {
  traces: number; spans: number; genai_spans: number; failed_traces: number;
  input_tokens: number; output_tokens: number; total_tokens: number; total_cost: number;
  by_model: ({ model: string | null } & Usage)[];
  by_provider: ({ provider: string | null } & Usage)[];
  by_day: { day: string; traces: number; spans: number; total_tokens: number; total_cost: number }[];
}

export async function computeStats(client: QueryClient, traceQuery: QueryParams): Promise<StatsDto> {
  const traces = await listAllTraces(client, traceQuery);
  const spans = await listSpansOfTraces(client, traces.map((t) => t.trace_id));
  const sum = (pick: (t: TraceSummaryDto) => number) => roundCost(traces.reduce((total, t) => total + pick(t), 0));
  return {
    traces: traces.length, spans: sum((t) => t.span_count), genai_spans: sum((t) => t.observation_count),
    failed_traces: traces.filter((t) => t.has_error).length, input_tokens: sum((t) => t.input_tokens),
    output_tokens: sum((t) => t.output_tokens), total_tokens: sum((t) => t.total_tokens), total_cost: sum((t) => t.total_cost ?? 0),
    by_model: groupUsage(spans, (s) => s.model).map(([model, usage]) => ({ model, ...usage })),
    by_provider: groupUsage(spans, (s) => s.provider).map(([provider, usage]) => ({ provider, ...usage })),
    by_day: groupByDay(traces),
  };
}

/** Every matching trace, oldest first: new traces land on the last page, not in the middle. */
async function listAllTraces(client: QueryClient, query: QueryParams): Promise<TraceSummaryDto[]> {
  const byId = new Map<string, TraceSummaryDto>();
  for (let page = 1; ; page++) {
    const result = await client.get<PageDto<TraceSummaryDto>>('/traces', { ...query, order_by: 'start_time:asc', limit: String(PAGE_SIZE), page: String(page) });
    for (const trace of result.data) byId.set(trace.trace_id, trace);
    if (result.data.length < PAGE_SIZE) return [...byId.values()];
  }
}

async function listSpansOfTraces(client: QueryClient, traceIds: string[]): Promise<SpanSummaryDto[]> {
  const spans: SpanSummaryDto[] = [];
  for (let i = 0; i < traceIds.length; i += TRACE_IDS_PER_REQUEST) {
    const filters = JSON.stringify([{ key: 'trace_id', op: 'in', value: traceIds.slice(i, i + TRACE_IDS_PER_REQUEST) }]);
    for (let page = 1; ; page++) {
      const result = await client.get<PageDto<SpanSummaryDto>>('/spans', { filters, order_by: 'start_time:asc', limit: String(PAGE_SIZE), page: String(page) });
      spans.push(...result.data);
      if (result.data.length < PAGE_SIZE) break;
    }
  }
  return spans;
}

/** Spans whose usage counts (an agent span that repeats its children's usage does not), with a
 *  model or provider or any usage; largest token count first. */
function groupUsage(spans: SpanSummaryDto[], keyOf: (span: SpanSummaryDto) => string | null): [string | null, Usage][] {
  const groups = new Map<string | null, Usage>();
  for (const span of spans) {
    const hasUsage = span.total_tokens > 0 || (span.total_cost ?? 0) > 0;
    if (!span.usage_counted || (!span.model && !span.provider && !hasUsage)) continue;
    const key = keyOf(span);
    const usage = groups.get(key) ?? { spans: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, total_cost: 0 };
    usage.spans++;
    usage.input_tokens += span.input_tokens;
    usage.output_tokens += span.output_tokens;
    usage.total_tokens += span.total_tokens;
    usage.total_cost = roundCost(usage.total_cost + (span.total_cost ?? 0));
    groups.set(key, usage);
  }
  return [...groups.entries()].sort(([, a], [, b]) => b.total_tokens - a.total_tokens || b.spans - a.spans);
}

function groupByDay(traces: TraceSummaryDto[]): StatsDto['by_day'] {
  const days = new Map<string, StatsDto['by_day'][number]>();
  for (const trace of traces) {
    const day = trace.start_time.slice(0, 10);
    const row = days.get(day) ?? { day, traces: 0, spans: 0, total_tokens: 0, total_cost: 0 };
    row.traces++;
    row.spans += trace.span_count;
    row.total_tokens += trace.total_tokens;
    row.total_cost = roundCost(row.total_cost + (trace.total_cost ?? 0));
    days.set(day, row);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Sums of float costs without the 0.30000000000000004 tails. */
function roundCost(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

export function renderStats(stats: StatsDto): string {
  if (stats.traces === 0) return 'No traces match.';
  const usageTable = (header: string, rows: [string | null, Usage][]) => formatTable(
    [{ header, flex: true, min: 10 }, ...['SPANS', 'INPUT', 'OUTPUT', 'TOKENS', 'COST'].map((h) => ({ header: h, align: 'right' as const }))],
    rows.map(([key, u]) => [key ?? '(none)', String(u.spans), formatTokens(u.input_tokens), formatTokens(u.output_tokens), formatTokens(u.total_tokens), formatCost(u.total_cost)]),
  );
  return [
    `${stats.traces} traces, ${stats.spans} spans (${stats.genai_spans} GenAI), ${stats.failed_traces} failed`,
    `Tokens ${formatTokens(stats.total_tokens)} (${formatTokens(stats.input_tokens)} in, ${formatTokens(stats.output_tokens)} out)  cost ${formatCost(stats.total_cost)}`,
    '',
    usageTable('MODEL', stats.by_model.map(({ model, ...u }) => [model, u])),
    '',
    usageTable('PROVIDER', stats.by_provider.map(({ provider, ...u }) => [provider, u])),
    '',
    formatTable(
      [{ header: 'DAY (UTC)' }, ...['TRACES', 'SPANS', 'TOKENS', 'COST'].map((h) => ({ header: h, align: 'right' as const }))],
      stats.by_day.map((d) => [d.day, String(d.traces), String(d.spans), formatTokens(d.total_tokens), formatCost(d.total_cost)]),
    ),
  ].join('\n');
}
