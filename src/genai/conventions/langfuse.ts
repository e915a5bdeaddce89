// NORMALIZE stage, convention: Langfuse SDK attributes (langfuse.observation.*, langfuse.trace.*,
// langfuse.environment/release/version). Highest precedence: the user set them explicitly.
// Langfuse usage_details/cost_details keys are disjoint (input excludes cached tokens).

import type { AnyValue } from '../../otlp/model.js';
import { isPlainObject, readCount, readJson, readNumber, readPrefixedMetadata, type SpanView } from '../attribute-values.js';
import type { Cost, ObservationType } from '../types.js';
import type { Convention, ConventionFields, Level, ReportedUsage } from './convention.js';

export const LANGFUSE = {
  observationType: 'langfuse.observation.type',
  level: 'langfuse.observation.level',
  model: 'langfuse.observation.model.name',
  modelParameters: 'langfuse.observation.model.parameters',
  usageDetails: 'langfuse.observation.usage_details',
  costDetails: 'langfuse.observation.cost_details',
  completionStartTime: 'langfuse.observation.completion_start_time',
  observationMetadata: 'langfuse.observation.metadata',
  traceMetadata: 'langfuse.trace.metadata',
  promptName: 'langfuse.observation.prompt.name',
  promptVersion: 'langfuse.observation.prompt.version',
  traceName: 'langfuse.trace.name',
  traceTags: 'langfuse.trace.tags',
  environment: 'langfuse.environment',
  release: 'langfuse.release',
  version: 'langfuse.version',
  userId: 'langfuse.user.id',
  sessionId: 'langfuse.session.id',
} as const;

const SCOPE_NAME = 'langfuse-sdk';
const MARKER_KEYS = [LANGFUSE.observationType, LANGFUSE.usageDetails, LANGFUSE.model, LANGFUSE.traceName, LANGFUSE.sessionId, LANGFUSE.userId, LANGFUSE.environment];
const OBSERVATION_TYPES = new Set<ObservationType>(['generation', 'embedding', 'agent', 'tool', 'chain', 'retriever', 'reranker', 'guardrail', 'evaluator', 'event', 'span']);
const LEVELS = new Set<Level>(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']);

type DetailField = 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'reasoning' | 'total' | 'plainInput' | 'plainOutput';
type DetailSums = Record<DetailField, number | null>;

/** Splits Langfuse detail keys ('input', 'input_cached_tokens', 'cache_read_input_tokens',
 *  'output_reasoning_tokens', …) into sums; a field stays null when no key fed it. */
function sumDetailKeys(details: Record<string, unknown>, read: (value: AnyValue) => number | null): DetailSums | null {
  const sums: DetailSums = { input: null, output: null, cacheRead: null, cacheWrite: null, reasoning: null, total: null, plainInput: null, plainOutput: null };
  const add = (field: DetailField, value: number): void => { sums[field] = (sums[field] ?? 0) + value; };
  let found = false;
  for (const key in details) {
    if (key.endsWith('_tokens_details')) {
      found = addNestedTokenDetails(sums, details[key], read) || found;
      continue;
    }
    const value = read(details[key] as AnyValue);
    if (value === null) continue;
    const name = key.toLowerCase();
    found = true;
    if (name === 'total' || name === 'total_tokens') sums.total = value;
    else if (name.includes('cache_read') || name.includes('cached')) { add('cacheRead', value); add('input', value); }
    else if (name.includes('cache_creation') || name.includes('cache_write')) { add('cacheWrite', value); add('input', value); }
    else if (name.includes('reasoning')) { add('reasoning', value); add('output', value); }
    else if (name.startsWith('input') || name.startsWith('prompt')) { add('plainInput', value); add('input', value); }
    else if (name.startsWith('output') || name.startsWith('completion')) { add('plainOutput', value); add('output', value); }
  }
  return found ? sums : null;
}

/** An OpenAI usage object (Langfuse takes one as usageDetails) nests its cached and reasoning
 *  counts in *_tokens_details: parts of prompt/completion tokens already counted, not beside them. */
function addNestedTokenDetails(sums: DetailSums, nested: unknown, read: (value: AnyValue) => number | null): boolean {
  if (!isPlainObject(nested)) return false;
  const cached = read(nested.cached_tokens as AnyValue);
  const reasoning = read(nested.reasoning_tokens as AnyValue);
  if (cached !== null) sums.cacheRead = (sums.cacheRead ?? 0) + cached;
  if (reasoning !== null) sums.reasoning = (sums.reasoning ?? 0) + reasoning;
  return cached !== null || reasoning !== null;
}

function readUsageDetails(view: SpanView): ReportedUsage | null {
  const details = view.json(LANGFUSE.usageDetails);
  const sums = isPlainObject(details) ? sumDetailKeys(details, readCount) : null;
  if (sums === null) return null;
  const inclusive = readInclusiveCounts(details as Record<string, unknown>, sums);
  // Else already folded: cached/reasoning keys were added to input/output above.
  const input = inclusive?.input ?? sums.input;
  const output = inclusive?.output ?? sums.output;
  return { input, output, total: sums.total, cacheRead: sums.cacheRead, cacheWrite: sums.cacheWrite, reasoning: sums.reasoning };
}

/** Langfuse's own OpenAI wrapper (langfuse 3.x observeOpenAI) sends `input`/`output` as OpenAI
 *  counts them, cache and reasoning inside, beside `input_*`/`output_*` keys for those parts.
 *  Disjoint buckets cannot make up the total without their parts, so when `input` + `output`
 *  alone equal `total` while the parts are not zero, the parts are already inside. */
function readInclusiveCounts(details: Record<string, unknown>, sums: DetailSums): { input: number; output: number } | null {
  const input = readCount(details.input as AnyValue);
  const output = readCount(details.output as AnyValue);
  if (input === null || output === null || sums.total === null || input + output !== sums.total) return null;
  return (sums.input ?? 0) + (sums.output ?? 0) > sums.total ? { input, output } : null;
}

function readCostDetails(view: SpanView): Partial<Cost> | null {
  const details = view.json(LANGFUSE.costDetails);
  const sums = isPlainObject(details) ? sumDetailKeys(details, readNumber) : null;
  if (sums === null) return null;
  return { input: sums.plainInput, output: sums.plainOutput, cacheRead: sums.cacheRead, cacheWrite: sums.cacheWrite, reasoning: sums.reasoning, total: sums.total };
}

/** ISO-8601 (possibly JSON-quoted) to ns since epoch, keeping sub-millisecond digits. */
export function parseIsoTimeToUnixNano(text: string | null): bigint | null {
  if (text === null || text.length > 64) return null;
  const iso = text.startsWith('"') ? text.slice(1, -1) : text;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? '';
  const subMsNanos = fraction.length > 3 ? Number(fraction.slice(3, 9).padEnd(6, '0')) : 0;
  return BigInt(ms) * 1_000_000n + BigInt(subMsNanos);
}

function readModelParameters(view: SpanView): Record<string, unknown> | null {
  const parameters = view.json(LANGFUSE.modelParameters);
  return isPlainObject(parameters) ? parameters : null;
}

function mergeMetadata(view: SpanView): Record<string, unknown> | null {
  const trace = readPrefixedMetadata(view, LANGFUSE.traceMetadata);
  const observation = readPrefixedMetadata(view, LANGFUSE.observationMetadata);
  const prompt = view.string(LANGFUSE.promptName);
  if (trace === null && observation === null && prompt === null) return null;
  const out: Record<string, unknown> = { ...trace, ...observation };
  if (prompt !== null) out.prompt = { name: prompt, version: view.number(LANGFUSE.promptVersion) };
  return out;
}

export const langfuseConvention: Convention = {
  name: 'langfuse',
  isGenAI: true,
  matches: (view) => view.scopeName === SCOPE_NAME || MARKER_KEYS.some((key) => view.has(key)),
  extract(view): ConventionFields {
    const type = view.string(LANGFUSE.observationType)?.toLowerCase() as ObservationType | undefined;
    const level = view.string(LANGFUSE.level)?.toUpperCase() as Level | undefined;
    const completionStart = readJson(view.raw(LANGFUSE.completionStartTime));
    return {
      observationType: type !== undefined && OBSERVATION_TYPES.has(type) ? type : null,
      framework: view.scopeName === SCOPE_NAME ? 'langfuse' : null,
      requestModel: view.string(LANGFUSE.model),
      level: level !== undefined && LEVELS.has(level) ? level : null,
      traceName: view.string(LANGFUSE.traceName),
      tags: view.stringArray(LANGFUSE.traceTags),
      environment: view.string(LANGFUSE.environment),
      release: view.string(LANGFUSE.release),
      version: view.string(LANGFUSE.version),
      userId: view.string(LANGFUSE.userId),
      sessionId: view.string(LANGFUSE.sessionId),
      completionStartTimeUnixNano: parseIsoTimeToUnixNano(typeof completionStart === 'string' ? completionStart : view.string(LANGFUSE.completionStartTime)),
      usage: readUsageDetails(view),
      cost: readCostDetails(view),
      modelParameters: readModelParameters(view),
      metadata: mergeMetadata(view),
    };
  },
};
