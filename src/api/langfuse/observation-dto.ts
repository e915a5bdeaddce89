// QUERY/SERVE (Langfuse family): ObservationRow (store) -> Langfuse observation objects:
// the v1 ObservationsView (exactly the documented field set) and v2 field-group objects.
// Units: latency and timeToFirstToken in milliseconds (see docs/langfuse-api.md).
import { readSourceIds } from '../../direct-ingest/ids.js';
import type { ObservationRow } from '../../store/read/observation-queries.js';
import { msToIso, nsDiffMs, nsToIso } from './time-format.js';
import { deriveSpanMessages, parseIoValue, toObservationMetadata, truncateMetadata } from './observation-fields.js';
import { sumLangfuseUsage, toLangfuseUsageDetails } from './usage-details.js';

const TYPE_BY_OBSERVATION_TYPE: Record<string, string> = {
  generation: 'GENERATION', tool: 'TOOL', agent: 'AGENT', chain: 'CHAIN', retriever: 'RETRIEVER',
  evaluator: 'EVALUATOR', embedding: 'EMBEDDING', guardrail: 'GUARDRAIL', event: 'EVENT',
};

export function toLangfuseType(observationType: string): string {
  return TYPE_BY_OBSERVATION_TYPE[observationType] ?? 'SPAN';
}

function levelOf(row: ObservationRow): string {
  return row.level ?? (row.status_code === 2 ? 'ERROR' : 'DEFAULT');
}

function modelOf(row: ObservationRow): string | null {
  return row.model ?? row.response_model ?? row.request_model;
}

function parseObjectJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function toCostDetails(row: ObservationRow): Record<string, number> {
  const details: Record<string, number> = {};
  const put = (key: string, value: number | null) => {
    if (value !== null) details[key] = value;
  };
  put('input', row.input_cost);
  put('output', row.output_cost);
  put('input_cached_tokens', row.cache_read_cost);
  put('input_cache_creation', row.cache_write_cost);
  put('output_reasoning_tokens', row.reasoning_cost);
  put('total', row.total_cost);
  return details;
}

function promptOf(row: ObservationRow): { name: string | null; version: number | null } {
  const attributes = parseObjectJson(row.attributes_json) as Record<string, unknown> | null;
  const name = attributes?.['langfuse.observation.prompt.name'];
  const version = Number(attributes?.['langfuse.observation.prompt.version']);
  return { name: typeof name === 'string' ? name : null, version: Number.isInteger(version) && version > 0 ? version : null };
}

function latencyMs(row: ObservationRow): number | null {
  return BigInt(row.end_ns) > 0n ? nsDiffMs(row.start_ns, row.end_ns) : null;
}

function timeToFirstTokenMs(row: ObservationRow): number | null {
  return row.completion_start_ns === null ? null : nsDiffMs(row.start_ns, row.completion_start_ns);
}

/** GET /api/public/observations item: the documented ObservationsView field set. */
export function toObservationView(row: ObservationRow) {
  const prompt = promptOf(row);
  // Langfuse's convention (usage-details.ts): the explorer keeps ours, input including the cache.
  const usageDetails = toLangfuseUsageDetails(row);
  const usage = { unit: 'TOKENS', ...sumLangfuseUsage(usageDetails) };
  const createdAt = msToIso(row.ingested_at_ms);
  const spanMessages = deriveSpanMessages(row);
  const ids = langfuseIdsOf(row);
  return {
    id: ids.id,
    projectId: row.project_id,
    traceId: ids.traceId,
    parentObservationId: ids.parentObservationId,
    name: row.name,
    type: toLangfuseType(row.observation_type),
    environment: row.environment ?? 'default',
    startTime: nsToIso(row.start_ns),
    endTime: BigInt(row.end_ns) > 0n ? nsToIso(row.end_ns) : null,
    version: row.version,
    createdAt,
    updatedAt: createdAt,
    input: parseIoValue(row.input_json, spanMessages, 'input'),
    output: parseIoValue(row.output_json, spanMessages, 'output'),
    metadata: toObservationMetadata(row),
    level: levelOf(row),
    statusMessage: row.status_message,
    model: modelOf(row),
    modelParameters: parseObjectJson(row.model_parameters_json),
    completionStartTime: row.completion_start_ns === null ? null : nsToIso(row.completion_start_ns),
    promptId: null,
    promptName: prompt.name,
    promptVersion: prompt.version,
    usageDetails,
    costDetails: toCostDetails(row),
    usage,
    unit: 'TOKENS',
    promptTokens: usage.input,
    completionTokens: usage.output,
    totalTokens: usage.total,
    modelId: null,
    inputPrice: null,
    outputPrice: null,
    totalPrice: null,
    calculatedInputCost: row.input_cost,
    calculatedOutputCost: row.output_cost,
    calculatedTotalCost: row.total_cost,
    latency: latencyMs(row),
    timeToFirstToken: timeToFirstTokenMs(row),
  };
}

export type ObservationView = ReturnType<typeof toObservationView>;

export const OBSERVATION_FIELD_GROUPS = ['core', 'basic', 'time', 'io', 'metadata', 'model', 'usage', 'prompt', 'metrics', 'trace_context'] as const;
export type ObservationFieldGroup = (typeof OBSERVATION_FIELD_GROUPS)[number];

/** GET /api/public/v2/observations item: core always, other groups when asked for.
 *  v2 returns input/output as raw strings (Langfuse retired parseIoAsJson). */
export function toObservationV2(row: ObservationRow, groups: ReadonlySet<ObservationFieldGroup>, expandMetadata: ReadonlySet<string>) {
  const ids = langfuseIdsOf(row);
  const out: Record<string, unknown> = {
    id: ids.id, traceId: ids.traceId, startTime: nsToIso(row.start_ns),
    endTime: BigInt(row.end_ns) > 0n ? nsToIso(row.end_ns) : null, projectId: row.project_id,
    parentObservationId: ids.parentObservationId, type: toLangfuseType(row.observation_type),
    modelId: null, inputPrice: null, outputPrice: null, totalPrice: null,
  };
  if (groups.has('basic')) {
    Object.assign(out, {
      name: row.name, level: levelOf(row), statusMessage: row.status_message, version: row.version,
      environment: row.environment ?? 'default', bookmarked: false, public: false,
      userId: row.trace_user_id ?? row.user_id, sessionId: row.session_id ?? row.trace_session_id,
      isRootObservation: row.parent_span_id === null,
    });
  }
  if (groups.has('time')) {
    const at = msToIso(row.ingested_at_ms);
    Object.assign(out, { completionStartTime: row.completion_start_ns === null ? null : nsToIso(row.completion_start_ns), createdAt: at, updatedAt: at });
  }
  if (groups.has('io')) {
    const spanMessages = deriveSpanMessages(row);
    Object.assign(out, { input: toRawString(parseIoValue(row.input_json, spanMessages, 'input')), output: toRawString(parseIoValue(row.output_json, spanMessages, 'output')) });
  }
  if (groups.has('metadata')) out.metadata = truncateMetadata(toObservationMetadata(row), expandMetadata);
  if (groups.has('model')) Object.assign(out, { model: modelOf(row), internalModelId: null, modelParameters: parseObjectJson(row.model_parameters_json) });
  if (groups.has('usage')) Object.assign(out, { usageDetails: toLangfuseUsageDetails(row), costDetails: toCostDetails(row), totalCost: row.total_cost, usagePricingTierName: null });
  if (groups.has('prompt')) {
    const prompt = promptOf(row);
    Object.assign(out, { promptId: null, promptName: prompt.name, promptVersion: prompt.version });
  }
  if (groups.has('metrics')) Object.assign(out, { latency: latencyMs(row), timeToFirstToken: timeToFirstTokenMs(row) });
  if (groups.has('trace_context')) Object.assign(out, { traceName: row.trace_name, tags: parseObjectJson(row.trace_tags_json) ?? [], release: row.trace_release });
  return out;
}

function toRawString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The ids Langfuse clients know an observation by: the caller's own, where direct ingestion
 *  kept them (src/direct-ingest/ids.ts), else the OTLP ones. */
function langfuseIdsOf(row: ObservationRow): { id: string; traceId: string; parentObservationId: string | null } {
  const source = readSourceIds(row.attributes_json);
  return {
    id: source.observationId ?? row.span_id,
    traceId: source.traceId ?? row.trace_id,
    parentObservationId: source.parentObservationId !== undefined ? source.parentObservationId : row.parent_span_id,
  };
}
