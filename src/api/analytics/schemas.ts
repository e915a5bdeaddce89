// QUERY/SERVE (analytics family): the zod schemas of the analytics API, mirroring the
// components of ../shared/spec/analytics-api.openapi.yaml by name and shape (Trace, the
// envelopes, AdvancedSearchRequest, FieldFilter, LogicalFilter, ErrorResponse), so that
// /api/openapi.json documents the spec's contract.
import { z } from '@hono/zod-openapi';

export const FIELD_OPERATORS = [
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with', 'regex', 'search',
] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

const nullableString = (description: string) => z.string().nullable().optional().openapi({ description });
const nullableInt = (description: string) => z.number().int().nullable().optional().openapi({ description });
const nullableCost = (description: string) => z.number().nullable().optional().openapi({ format: 'float', description });

export const TraceSchema = z
  .object({
    ts: z.string().openapi({ format: 'date-time', description: 'Timestamp of the trace' }),
    trace_id: z.string().openapi({ description: 'Unique trace identifier' }),
    span_id: z.string().openapi({ description: 'Unique span identifier' }),
    parent_span_id: nullableString('Parent span identifier for nested spans'),
    service_name: nullableString('Name of the service that generated the trace'),
    span_name: nullableString('Name of the span'),
    // Non-nullable in the spec: absent (not null) when the span has no provider / model.
    provider: z.string().optional().openapi({ description: 'LLM provider (e.g., "openai", "anthropic"); absent when unknown' }),
    model: z.string().optional().openapi({ description: 'Model name (e.g., "gpt-4", "claude-3-opus"); absent when unknown' }),
    input_text: nullableString('Input prompt or text'),
    output_text: nullableString('Generated output text'),
    prompt_tokens: nullableInt('Number of prompt tokens'),
    completion_tokens: nullableInt('Number of completion tokens'),
    total_tokens: nullableInt('Total tokens (prompt + completion)'),
    prompt_cost_usd: nullableCost('Cost of prompt tokens in USD'),
    completion_cost_usd: nullableCost('Cost of completion tokens in USD'),
    total_cost_usd: nullableCost('Total cost in USD'),
    duration_ms: nullableInt('Request duration in milliseconds'),
    ttft_ms: nullableInt('Time to first token in milliseconds'),
    status_code: z.string().optional().openapi({ description: 'Status code (e.g., "SUCCESS", "ERROR")' }),
    error_message: nullableString('Error message if request failed'),
    user_id: nullableString('User identifier'),
    session_id: nullableString('Session identifier'),
    environment: nullableString('Environment (e.g., "production", "staging")'),
    tags: z.array(z.string()).nullable().optional().openapi({ description: 'Tags associated with the trace' }),
    attributes: z.record(z.string(), z.unknown()).nullable().optional().openapi({ description: 'Additional attributes as JSON' }),
  })
  .openapi('Trace');

export const PaginationMetadataSchema = z
  .object({
    cursor: z.string().nullable().optional().openapi({ description: 'Cursor for next page (opaque)' }),
    has_more: z.boolean().openapi({ description: 'Whether more results are available' }),
    limit: z.number().int().openapi({ description: 'Number of results per page' }),
    total: z.number().int().nullable().optional().openapi({ description: 'Total count (always null: no expensive COUNT queries)' }),
  })
  .openapi('PaginationMetadata');

export const ResponseMetadataSchema = z
  .object({
    timestamp: z.string().openapi({ format: 'date-time', description: 'Response timestamp' }),
    execution_time_ms: z.number().int().openapi({ description: 'Execution time in milliseconds' }),
    cached: z.boolean().openapi({ description: 'Whether response was served from cache' }),
    version: z.string().openapi({ description: 'API version' }),
    request_id: z.string().nullable().optional().openapi({ description: 'Unique request identifier for tracing' }),
  })
  .openapi('ResponseMetadata');

export const PaginatedTraceResponseSchema = z
  .object({ status: z.enum(['success']), data: z.array(TraceSchema), pagination: PaginationMetadataSchema, meta: ResponseMetadataSchema })
  .openapi('PaginatedTraceResponse');

export const SingleTraceResponseSchema = z
  .object({ status: z.enum(['success']), data: TraceSchema, meta: ResponseMetadataSchema })
  .openapi('SingleTraceResponse');

const scalarValue = z.union([z.string(), z.number(), z.boolean()]);

export const FieldFilterSchema = z
  .object({
    field: z.string().openapi({ description: 'Field name to filter on (a Trace field, or attributes.<key>)', example: 'provider' }),
    operator: z.enum(FIELD_OPERATORS).openapi({ description: 'Filter operator' }),
    value: z.union([scalarValue, z.array(z.union([z.string(), z.number()]))]).openapi({ description: 'Filter value (type depends on operator)' }),
  })
  .openapi('FieldFilter');

type LogicalFilterShape = { operator: 'AND' | 'OR' | 'NOT'; filters: (z.infer<typeof FieldFilterSchema> | LogicalFilterShape)[] };

export const LogicalFilterSchema: z.ZodType<LogicalFilterShape> = z
  .object({
    operator: z.enum(['AND', 'OR', 'NOT']).openapi({ description: 'Logical operator (matched case-insensitively: "and" works too)' }),
    filters: z.array(z.lazy(() => z.union([FieldFilterSchema, LogicalFilterSchema]))).openapi({ description: 'Filters to combine (recursive)' }),
  })
  .openapi('LogicalFilter');

/** `filter` is documented as the spec's oneOf but validated by translate-filter.ts, which
 *  accepts lowercase logical operators and names the bad part in its 400. */
const filterDocumentation = z.unknown().nullable().optional().openapi({
  oneOf: [{ $ref: '#/components/schemas/FieldFilter' }, { $ref: '#/components/schemas/LogicalFilter' }],
  description: 'Filter criteria (optional)',
});

export const AdvancedSearchRequestSchema = z
  .object({
    filter: filterDocumentation,
    sort_by: z.string().nullable().optional().openapi({ description: 'Field to sort by', example: 'ts' }),
    sort_desc: z.boolean().default(false).openapi({ description: 'Sort in descending order' }),
    cursor: z.string().nullable().optional().openapi({ description: 'Pagination cursor' }),
    limit: z.number().int().min(1).max(1000).default(50).openapi({ description: 'Number of results per page' }),
    fields: z.array(z.string()).nullable().optional().openapi({
      description: 'Fields to include in response (omit for all fields; ts, trace_id and span_id are always included)',
      example: ['trace_id', 'provider', 'model', 'duration_ms'],
    }),
  })
  .openapi('AdvancedSearchRequest');

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ description: 'Error code' }),
      message: z.string().openapi({ description: 'Human-readable error message' }),
      details: z.string().nullable().optional().openapi({ description: 'Additional error details' }),
    }),
    meta: z.object({ timestamp: z.string().openapi({ format: 'date-time' }) }),
  })
  .openapi('ErrorResponse');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorResponseSchema } } });

const RATE_LIMIT_HEADERS = z.object({
  'X-RateLimit-Limit': z.number().int().optional().openapi({ description: 'Total requests allowed' }),
  'X-RateLimit-Remaining': z.number().int().optional().openapi({ description: 'Remaining requests (will be 0)' }),
  'X-RateLimit-Reset': z.number().int().optional().openapi({ description: 'Unix timestamp when limit resets' }),
  'Retry-After': z.number().int().optional().openapi({ description: 'Seconds until rate limit resets' }),
});

export const ERROR_RESPONSES = {
  400: errorResponse('Bad request - Invalid parameters or filter'),
  401: errorResponse('Unauthorized - Missing or invalid JWT token'),
  403: errorResponse('Forbidden - Insufficient permissions'),
  429: { ...errorResponse('Rate limit exceeded'), headers: RATE_LIMIT_HEADERS },
} as const;

export const GET_ERROR_RESPONSES = {
  404: errorResponse('Not found - Resource does not exist'),
  401: ERROR_RESPONSES[401],
  403: ERROR_RESPONSES[403],
} as const;

export const BEARER_AUTH_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'JWT token obtained from authentication endpoint',
};
