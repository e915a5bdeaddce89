// QUERY/SERVE (observability facade): the request and response shapes of
// /api/v1/observability as zod schemas (snake_case, as the FastAPI service it mirrors);
// validation and the OpenAPI document both come from these.
import { z } from '@hono/zod-openapi';
import { toIsoTime } from './facade-time.js';
import { LEVEL_NAMES, severityOf } from './log-record.js';

export const FACADE_PREFIX = '/api/v1/observability';
export const FACADE_TAG = 'observability';

const timestamp = z
  .union([z.string(), z.number()])
  .refine((value) => toIsoTime(value) !== null, { message: 'Input should be a valid datetime', params: { type: 'datetime_parsing' } })
  .nullish()
  .openapi({ type: 'string', format: 'date-time', description: 'ISO 8601, or unix seconds' });

const text = z.string().nullish();
const jsonObject = z.record(z.string(), z.unknown()).nullish();
const anyValue = z.unknown().openapi({ description: 'Any JSON value: a string becomes a text message; a chat-message list is normalized' });

export const createTraceBody = z.object({
  name: z.string(),
  input: anyValue.optional(),
  output: anyValue.optional(),
  metadata: jsonObject,
  user_id: text,
  session_id: text,
  tags: z.array(z.string()).nullish(),
  trace_id: z.string().min(1).nullish().openapi({ description: 'Upserts this trace; absent: a new UUID v4' }),
  environment: text,
  start_time: timestamp,
  end_time: timestamp,
}).openapi('FacadeTraceCreate');

export const updateTraceBody = z.object({
  name: text,
  user_id: text,
  session_id: text,
  input: anyValue.optional(),
  output: anyValue.optional(),
  metadata: jsonObject,
  tags: z.array(z.string()).nullish().openapi({ description: 'Added to the trace\'s tags (Langfuse\'s rule: tags are never removed)' }),
}).openapi('FacadeTraceUpdate');

const tokenCount = z.number().int().min(0);

// `input` and `output` are required (pydantic's `Any` without a default; zod 4 reports a
// missing z.unknown() key as well): a generation without either is a client bug worth naming.
export const createGenerationBody = z.object({
  name: z.string(),
  model: z.string(),
  input: anyValue,
  output: anyValue,
  usage: z.object({ prompt_tokens: tokenCount, completion_tokens: tokenCount, total_tokens: tokenCount.nullish() }),
  start_time: timestamp,
  end_time: timestamp,
  metadata: jsonObject,
  model_parameters: jsonObject,
}).openapi('FacadeGenerationCreate');

export const SCORE_DATA_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN'] as const;

export const createScoreBody = z.object({
  name: z.string().min(1),
  value: z.union([z.number(), z.string(), z.boolean()]),
  comment: text,
  data_type: z.enum(SCORE_DATA_TYPES).nullish(),
  observation_id: z.string().min(1).nullish(),
}).superRefine((body, ctx) => {
  const problem = checkScoreValue(body.value, body.data_type ?? undefined);
  if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `Value error, ${problem}`, params: { type: 'value_error' } });
}).openapi('FacadeScoreCreate');

/** Langfuse's rules for a score's value by data type (the same table stores both). */
function checkScoreValue(value: number | string | boolean, dataType: (typeof SCORE_DATA_TYPES)[number] | undefined): string | null {
  const type = dataType ?? (typeof value === 'boolean' ? 'BOOLEAN' : typeof value === 'string' ? 'CATEGORICAL' : 'NUMERIC');
  if (type === 'NUMERIC' && (typeof value !== 'number' || !Number.isFinite(value))) return 'a NUMERIC score needs a finite number';
  if (type === 'CATEGORICAL' && (typeof value !== 'string' || value === '')) return 'a CATEGORICAL score needs a non-empty string';
  if (type === 'BOOLEAN' && value !== true && value !== false && value !== 0 && value !== 1) return 'a BOOLEAN score needs true/false or 1/0';
  return null;
}

export const createLogBody = z.object({
  level: z.string()
    .refine((level) => severityOf(level) !== undefined, { message: `Input should be ${LEVEL_NAMES}`, params: { type: 'enum', ctx: { expected: LEVEL_NAMES } } })
    .openapi({ description: 'debug, info, warning (warn), error, critical (fatal); case-insensitive' }),
  message: z.string(),
  attributes: jsonObject,
  trace_id: z.string().min(1).nullish(),
  span_id: z.string().min(1).nullish(),
  timestamp,
}).openapi('FacadeLogCreate');

export const limitParam = z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: '1-1000, default 100' });
export const traceListQuery = z.object({ trace_id: z.string().min(1).optional(), limit: limitParam });
export const sessionListQuery = z.object({ user_id: z.string().min(1).optional(), limit: limitParam });
export const traceParams = z.object({ trace_id: z.string().min(1) });
export const sessionParams = z.object({ session_id: z.string().min(1) });

export const traceSchema = z.object({
  trace_id: z.string(),
  name: z.string().nullable(),
  user_id: z.string().nullable(),
  session_id: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  metadata: z.unknown(),
  tags: z.array(z.string()),
  environment: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  total_tokens: z.number(),
  total_cost: z.number(),
  observation_count: z.number().int(),
}).openapi('FacadeTrace');

export const sessionSchema = z.object({
  session_id: z.string(),
  user_id: z.string().nullable(),
  trace_count: z.number().int(),
  total_tokens: z.number(),
  total_cost: z.number(),
  start_time: z.string(),
  end_time: z.string(),
}).openapi('FacadeSession');

export const sessionDetailSchema = sessionSchema.extend({ traces: z.array(traceSchema) }).openapi('FacadeSessionDetail');

export const scoreSchema = z.object({
  score_id: z.string(),
  trace_id: z.string(),
  observation_id: z.string().nullable(),
  name: z.string(),
  value: z.union([z.number(), z.string()]),
  data_type: z.string(),
  comment: z.string().nullable(),
  source: z.string(),
  timestamp: z.string(),
}).openapi('FacadeScore');

export const errorSchema = z.object({
  detail: z.union([z.string(), z.array(z.object({ type: z.string(), loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), input: z.unknown() }))]),
}).openapi('FacadeError');

const errorContent = { 'application/json': { schema: errorSchema } };

export const errorResponses = {
  400: { description: 'Bad request (e.g. an invalid x-project-id header)', content: errorContent },
  413: { description: 'Request body larger than the API limit', content: errorContent },
  422: { description: 'Validation failed: detail[] names each field (FastAPI\'s form); nothing was written', content: errorContent },
  503: { description: 'The write queue is full; retry after Retry-After seconds', content: errorContent },
} as const;

export const notFoundResponse = { 404: { description: 'Not found: {detail: "Trace not found: <id>"}', content: errorContent } } as const;

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}
