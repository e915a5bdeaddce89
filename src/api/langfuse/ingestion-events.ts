// QUERY/SERVE (Langfuse family): Langfuse's batch ingestion events (trace-create, span-*,
// generation-*, event-create, observation-*) as direct-ingestion events. Input: one event's
// type and body as the SDKs send them (JS v3, Python v2). Output: a DirectEvent, or an
// AppError naming what is wrong with that event (it alone is refused).
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { DirectEvent, ObservationFields, ObservationType, TraceFields } from '../../direct-ingest/model.js';
import { withoutUndefined } from '../../direct-ingest/records.js';
import { parseIngestedUsageDetails } from './usage-details.js';

const text = z.string().nullish();
const time = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'expected an ISO 8601 time').nullish();
const object = z.record(z.string(), z.unknown()).nullish();
const numbers = z.record(z.string(), z.unknown()).nullish();

const traceBody = z.looseObject({
  id: z.string().min(1), name: text, userId: text, sessionId: text, input: z.unknown().optional(), output: z.unknown().optional(),
  metadata: z.unknown().optional(), tags: z.array(z.string()).nullish(), environment: text, release: text, version: text, timestamp: time,
});

const observationBody = z.looseObject({
  id: z.string().min(1), traceId: z.string().min(1, 'traceId is required'), type: z.string().nullish(), parentObservationId: text, name: text,
  startTime: time, endTime: time, completionStartTime: time, input: z.unknown().optional(), output: z.unknown().optional(), metadata: z.unknown().optional(),
  level: z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']).nullish(), statusMessage: text, version: text, environment: text,
  model: text, modelParameters: object, usage: numbers, usageDetails: numbers, costDetails: numbers, promptName: text,
  promptVersion: z.number().int().nullish(),
});

/** Event type -> observation type and whether it creates or updates; observation-* carry their type in the body. */
const OBSERVATION_EVENTS: Record<string, { type: ObservationType | null; mode: 'create' | 'update' }> = {
  'span-create': { type: 'span', mode: 'create' },
  'span-update': { type: 'span', mode: 'update' },
  'generation-create': { type: 'generation', mode: 'create' },
  'generation-update': { type: 'generation', mode: 'update' },
  'event-create': { type: 'event', mode: 'create' },
  'observation-create': { type: null, mode: 'create' },
  'observation-update': { type: null, mode: 'update' },
};

export const DIRECT_EVENT_TYPES = new Set(['trace-create', ...Object.keys(OBSERVATION_EVENTS)]);

export function toDirectEvent(type: string, body: unknown, eventTime: string | undefined): DirectEvent {
  if (type === 'trace-create') {
    const b = parse(traceBody, body, type);
    const fields: TraceFields = { ...pick(b, ['name', 'userId', 'sessionId', 'input', 'output', 'tags', 'environment', 'release', 'version', 'timestamp']), metadata: toMetadata(b.metadata) };
    fields.timestamp ??= validTime(eventTime);
    return { kind: 'trace', id: b.id, mode: 'create', fields };
  }
  const kind = OBSERVATION_EVENTS[type]!;
  const b = parse(observationBody, body, type);
  const observationType = kind.type ?? toObservationType(b.type, type);
  const fields: ObservationFields = {
    ...pick(b, ['parentObservationId', 'name', 'startTime', 'endTime', 'completionStartTime', 'input', 'output', 'level', 'statusMessage', 'version', 'environment', 'model', 'modelParameters', 'costDetails', 'promptName', 'promptVersion']),
    metadata: toMetadata(b.metadata),
    usageDetails: parseIngestedUsageDetails(b.usageDetails, b.usage),
    costDetails: toCostDetails(b.costDetails, b.usage),
  };
  // An update's type is the stored one; a create sets it.
  if (kind.mode === 'create') fields.type = observationType;
  // An event is a point in time: it ends where it starts.
  if (observationType === 'event' && kind.mode === 'create') fields.endTime ??= fields.startTime ?? validTime(eventTime);
  if (kind.mode === 'create') fields.startTime ??= validTime(eventTime);
  return { kind: 'observation', id: b.id, traceId: b.traceId, mode: kind.mode, fields: withoutUndefined(fields) };
}

function parse<T extends z.ZodType>(schema: T, body: unknown, type: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new AppError('BAD_REQUEST', `invalid ${type} body: ${issue.path.join('.') || 'body'}: ${issue.message}`);
}

function toObservationType(value: string | null | undefined, type: string): ObservationType {
  const lower = (value ?? 'span').toLowerCase();
  const known: ObservationType[] = ['span', 'generation', 'event', 'agent', 'tool', 'chain', 'retriever', 'embedding', 'evaluator', 'guardrail'];
  if ((known as string[]).includes(lower)) return lower as ObservationType;
  throw new AppError('BAD_REQUEST', `invalid ${type} body: type '${value}' is not an observation type (${known.join(', ')})`);
}

/** Langfuse keeps non-object metadata too; our attribute takes an object, so it is wrapped. */
function toMetadata(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { metadata: value };
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

function toCostDetails(details: Record<string, unknown> | null | undefined, usage: Record<string, unknown> | null | undefined): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(details ?? {})) if (count(value) !== undefined) out[key] = value as number;
  const legacy = { input: usage?.inputCost, output: usage?.outputCost, total: usage?.totalCost };
  for (const [key, value] of Object.entries(legacy)) if (out[key] === undefined && count(value) !== undefined) out[key] = value as number;
  return Object.keys(out).length > 0 ? out : undefined;
}

function pick<T extends Record<string, unknown>, K extends keyof T>(body: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

function validTime(value: string | undefined): string | undefined {
  return value !== undefined && Number.isFinite(Date.parse(value)) ? value : undefined;
}

