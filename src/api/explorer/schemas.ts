// QUERY/SERVE (explorer): zod schemas of the explorer's parameters and responses. The
// routes validate with them and the OpenAPI document is generated from them.
import { z } from '@hono/zod-openapi';

const ID = z.string().min(1).max(256);

export const ProjectParams = z.object({ project_id: ID.openapi({ param: { name: 'project_id', in: 'path' }, example: 'default' }) });
export const TraceParams = ProjectParams.extend({ trace_id: ID.openapi({ param: { name: 'trace_id', in: 'path' } }) });
export const SpanParams = TraceParams.extend({ span_id: ID.openapi({ param: { name: 'span_id', in: 'path' } }) });
export const SessionParams = ProjectParams.extend({ session_id: ID.openapi({ param: { name: 'session_id', in: 'path' } }) });

const boolParam = z.enum(['true', 'false', '1', '0']).optional();
const stringOrList = z.union([z.string(), z.array(z.string())]).optional().openapi({ description: 'One value or the parameter repeated' });
const timestamp = (what: string) => z.string().optional().openapi({ description: `${what} (ISO 8601)`, example: '2025-01-26T10:00:00Z' });

export const PagingQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  order_by: z.string().optional().openapi({ description: "'field' or 'field:asc|desc'", example: 'start_time:desc' }),
  from_timestamp: timestamp('Lower time bound'),
  to_timestamp: timestamp('Upper time bound'),
  filters: z.string().optional().openapi({
    description: 'JSON array: [{"key":"environment","op":"eq","value":"production"}] or [{"type":"string","column":"environment","operator":"=","value":"production"}]',
  }),
});

export const ListTracesQuery = PagingQuery.extend({
  session_id: z.string().optional(),
  user_id: z.string().optional(),
  environment: stringOrList,
  include_nongenai: boolParam.openapi({ description: 'Include traces without GenAI spans (default false)' }),
  search: z.string().optional().openapi({
    description: 'Search box: traces whose name, trace id, session, user, environment, tag or service name contains the text '
      + '(case-insensitive), or with a span whose input or output holds every word of it (full-text; "quoted phrase", prefix*)',
  }),
});

export const ListSpansQuery = PagingQuery.extend({
  trace_id: z.string().optional(),
  session_id: z.string().optional(),
  user_id: z.string().optional(),
  environment: stringOrList,
  observation_type: z.string().optional(),
  category: z.string().optional(),
  span_category: z.string().optional(),
  framework: z.string().optional(),
  model: z.string().optional(),
  status: z.enum(['unset', 'ok', 'error', 'UNSET', 'OK', 'ERROR']).optional(),
  status_code: z.enum(['unset', 'ok', 'error', 'UNSET', 'OK', 'ERROR']).optional(),
  include_raw_span: boolParam,
});

export const ListSessionsQuery = PagingQuery.extend({
  user_id: z.string().optional(),
  environment: stringOrList,
});

export const RawSpanQuery = z.object({ include_raw_span: boolParam });

export const MessagesQuery = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']).optional(),
  from_timestamp: timestamp('Only messages at or after'),
  to_timestamp: timestamp('Only messages at or before'),
});

export const FilterOptionsQuery = z.object({
  columns: z.string().optional().openapi({ description: 'Comma-separated columns (default: all)' }),
  from_timestamp: timestamp('Lower time bound'),
  to_timestamp: timestamp('Upper time bound'),
  observations_only: boolParam.openapi({ description: 'Spans only: GenAI spans only (default true)' }),
});

export const SseQuery = z.object({ trace_id: z.string().optional(), session_id: z.string().optional(), span_id: z.string().optional() });

export const DeleteTracesBody = z.object({ trace_ids: z.array(ID).min(1).max(1000) });
export const DeleteSessionsBody = z.object({ session_ids: z.array(ID).min(1).max(1000) });

export const ErrorBody = z
  .object({ error: z.string(), code: z.string(), message: z.string() })
  .openapi('ExplorerError', { example: { error: 'bad_request', code: 'INVALID_FILTER', message: "unknown filter column 'colour'" } });

export const PageMeta = z.object({
  page: z.number(), limit: z.number(), total_items: z.number(), total_pages: z.number(),
  total_capped: z.boolean().optional().openapi({ description: 'Present (true) when counting stopped at total_items: a trace `search` whose words are in very many spans. More pages may follow the last one counted' }),
});

export const TraceSummary = z
  .object({
    trace_id: z.string(), trace_name: z.string().nullable(), root_span_id: z.string().nullable(),
    start_time: z.string(), end_time: z.string().nullable(), duration_ms: z.number(),
    session_id: z.string().nullable(), user_id: z.string().nullable(), environment: z.string().nullable(),
    release: z.string().nullable(), version: z.string().nullable(), span_count: z.number(),
    observation_count: z.number(), error_count: z.number(), has_error: z.boolean(), input_tokens: z.number(),
    output_tokens: z.number(), total_tokens: z.number(), cache_read_tokens: z.number(), cache_write_tokens: z.number(),
    reasoning_tokens: z.number(), tags: z.array(z.string()),
    total_cost: z.number().nullable().openapi({ description: 'USD; null when no counted generation with usage has a known cost' }),
    cost_complete: z.boolean().openapi({ description: 'false when some counted generations with usage have no known cost: total_cost understates' }),
    input_preview: z.string().nullable(), output_preview: z.string().nullable(),
  })
  .openapi('TraceSummary');

export const SpanSummary = z
  .object({
    trace_id: z.string(), span_id: z.string(), parent_span_id: z.string().nullable(), span_name: z.string(),
    span_kind: z.string(), span_category: z.string(), observation_type: z.string(), is_genai: z.boolean(),
    framework: z.string().nullable(), status_code: z.string(), status_message: z.string().nullable(),
    level: z.string().nullable(), timestamp_start: z.string(), timestamp_end: z.string().nullable(),
    duration_ms: z.number(), completion_start_time: z.string().nullable(), environment: z.string().nullable(),
    session_id: z.string().nullable(), user_id: z.string().nullable(), model: z.string().nullable(),
    request_model: z.string().nullable(), response_model: z.string().nullable(), provider: z.string().nullable(),
    gen_ai_system: z.string().nullable(), operation_name: z.string().nullable(), agent_name: z.string().nullable(),
    tool_name: z.string().nullable(), tool_call_id: z.string().nullable(), finish_reasons: z.array(z.string()),
    tags: z.array(z.string()), input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number(),
    cache_read_tokens: z.number(), cache_write_tokens: z.number(), reasoning_tokens: z.number(),
    input_cost: z.number(), output_cost: z.number(), cache_read_cost: z.number(), cache_write_cost: z.number(),
    reasoning_cost: z.number(), total_cost: z.number().nullable().openapi({ description: 'USD; null when the span has usage but no known price' }), usage_counted: z.boolean(), event_count: z.number(),
    link_count: z.number(), input_preview: z.string().nullable(), output_preview: z.string().nullable(),
    raw_span: z.record(z.string(), z.unknown()).optional().openapi({ description: 'The stored OTLP span (include_raw_span=true)' }),
  })
  .openapi('SpanSummary');

export const SpanNode = SpanSummary.extend({
  children: z.array(z.unknown()).openapi({ description: 'Child spans (SpanNode), ordered by start then end time' }),
}).openapi('SpanNode');

export const TraceDetail = TraceSummary.extend({ spans: z.array(SpanNode) }).openapi('TraceDetail');

export const SessionSummary = z
  .object({
    session_id: z.string(), user_id: z.string().nullable(), environment: z.string().nullable(),
    start_time: z.string(), end_time: z.string().nullable(), duration_ms: z.number(), trace_count: z.number(),
    span_count: z.number(), observation_count: z.number(), input_tokens: z.number(), output_tokens: z.number(),
    total_tokens: z.number(), cache_read_tokens: z.number(), cache_write_tokens: z.number(),
    reasoning_tokens: z.number(),
    total_cost: z.number().nullable().openapi({ description: 'USD; null when no counted generation with usage has a known cost' }),
    cost_complete: z.boolean().openapi({ description: 'false when some counted generations with usage have no known cost: total_cost understates' }),
  })
  .openapi('SessionSummary');

export const SessionDetail = SessionSummary.extend({ traces: z.array(TraceSummary) }).openapi('SessionDetail');

export const MessageDto = z
  .object({
    role: z.string(), content: z.array(z.unknown()), name: z.string().nullable(), direction: z.string(),
    finish_reason: z.string().nullable(), timestamp: z.string().nullable(), trace_id: z.string(), span_id: z.string(),
    parent_span_id: z.string().nullable(), observation_type: z.string(), model: z.string().nullable(),
    provider: z.string().nullable(), source: z.string().nullable(),
  })
  .openapi('SideMLMessage');

export const MessagesResponse = z
  .object({
    messages: z.array(MessageDto),
    metadata: z.object({
      total_messages: z.number(), total_tokens: z.number(), total_cost: z.number().nullable(), span_count: z.number(),
      start_time: z.string().nullable(), end_time: z.string().nullable(),
    }),
    tool_definitions: z.array(z.unknown()),
    tool_names: z.array(z.string()),
  })
  .openapi('MessagesResponse');

export const FilterOptionsResponse = z
  .object({ options: z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number() }))) })
  .openapi('FilterOptions');

export const paged = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), meta: PageMeta });
