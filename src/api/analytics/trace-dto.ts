// QUERY/SERVE (analytics family): a store row (one span, AnalyticsRow) -> the spec's `Trace`.
// Input: the row and the fields asked for (null: all). Output: a JSON object in the spec's
// field order; the conversation text is derived only when input_text/output_text are asked for.
import { ANALYTICS_FIELDS, type AnalyticsField } from '../../store/read/analytics-fields.js';
import type { AnalyticsRow } from '../../store/read/analytics-queries.js';
import { deriveSpanText } from '../../span-text.js';
import { nsToIso } from '../explorer/dto.js';
import { parseJsonExact } from '../explorer/json-exact.js';

/** The Trace schema requires these: every row has them, whatever `fields` says. */
export const ALWAYS_INCLUDED_FIELDS: readonly AnalyticsField[] = ['ts', 'trace_id', 'span_id'];

/** OTLP STATUS_CODE_ERROR; OK and UNSET both count as SUCCESS. */
const OTLP_STATUS_ERROR = 2;

interface RowView {
  row: AnalyticsRow;
  text(): { input: string | null; output: string | null };
}

/** Each field's value; `undefined` means "leave the key out" (provider / model are not nullable in the spec). */
const FIELD_VALUES: Record<AnalyticsField, (view: RowView) => unknown> = {
  ts: ({ row }) => nsToIso(row.start_ns),
  trace_id: ({ row }) => row.trace_id,
  span_id: ({ row }) => row.span_id,
  parent_span_id: ({ row }) => row.parent_span_id || null,
  service_name: ({ row }) => row.service_name ?? null,
  span_name: ({ row }) => row.name,
  provider: ({ row }) => row.provider ?? undefined,
  model: ({ row }) => row.model ?? undefined,
  input_text: (view) => view.text().input,
  output_text: (view) => view.text().output,
  prompt_tokens: ({ row }) => row.input_tokens,
  completion_tokens: ({ row }) => row.output_tokens,
  total_tokens: ({ row }) => row.total_tokens,
  prompt_cost_usd: ({ row }) => row.input_cost,
  completion_cost_usd: ({ row }) => row.output_cost,
  total_cost_usd: ({ row }) => row.total_cost,
  duration_ms: ({ row }) => nsToWholeMs(BigInt(row.duration_ns)),
  // Truncated, as the ttft_ms filter column computes it (integer division in SQL).
  ttft_ms: ({ row }) => (row.completion_start_ns === null ? null : Number((BigInt(row.completion_start_ns) - BigInt(row.start_ns)) / 1_000_000n)),
  status_code: ({ row }) => (row.status_code === OTLP_STATUS_ERROR ? 'ERROR' : 'SUCCESS'),
  error_message: ({ row }) => (row.status_code === OTLP_STATUS_ERROR && row.status_message ? row.status_message : null),
  user_id: ({ row }) => row.user_id,
  session_id: ({ row }) => row.session_id,
  environment: ({ row }) => row.environment,
  tags: ({ row }) => parseTags(row.tags_json),
  attributes: ({ row }) => parseAttributes(row.attributes_json),
};

/** `fields` null: every field. Otherwise those (already checked against ANALYTICS_FIELDS) plus ALWAYS_INCLUDED_FIELDS. */
export function toTraceDto(row: AnalyticsRow, fields: ReadonlySet<string> | null): Record<string, unknown> {
  let text: { input: string | null; output: string | null } | undefined;
  const view: RowView = {
    row,
    // The text index is contentless: the text is derived from the raw span, as the indexer does.
    text: () => (text ??= deriveSpanText(row)),
  };
  const out: Record<string, unknown> = {};
  for (const field of ANALYTICS_FIELDS) {
    if (fields !== null && !fields.has(field) && !ALWAYS_INCLUDED_FIELDS.includes(field)) continue;
    const value = FIELD_VALUES[field](view);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Whole milliseconds, rounded: the spec's duration_ms is an integer (the filter column rounds alike). */
function nsToWholeMs(ns: bigint): number {
  return Math.round(Number(ns) / 1_000_000);
}

function parseTags(json: string | null): string[] | null {
  const value = parseJsonExact(json);
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : null;
}

function parseAttributes(json: string | null): Record<string, unknown> | null {
  const value = parseJsonExact(json);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
