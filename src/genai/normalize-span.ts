// NORMALIZE stage entry point: one decoded span (+ resource, scope) in, one NormalizedSpan out.
// Runs every matching convention (registry order = precedence), merges their fields (first
// non-null wins), then classifies, completes usage, prices it and attaches SideML messages.
// Pure and never throws: a convention that fails degrades to fewer fields; the span is still stored.

import type { ModelPriceConfig } from '../config/schema.js';
import type { InstrumentationScope, OtlpSpan, Resource } from '../otlp/model.js';
import { SpanView } from './attribute-values.js';
import { categorizeSpan, detectFramework, inferObservationTypeFromModel } from './classify.js';
import type { ConventionFields } from './conventions/convention.js';
import { CONVENTIONS, FALLBACK_FRAMEWORKS } from './conventions/registry.js';
import { createAttributeCost, createEmptyCost, resolveCost } from './cost.js';
import { normalizeFinishReasons } from './finish-reason.js';
import { extractMessages } from './messages/extract-messages.js';
import { inferProviderFromModel, normalizeProvider, resolveSpanProvider } from './provider.js';
import type { Cost, NormalizedSpan } from './types.js';
import { completeUsage, createEmptyUsage, hasAnyUsage, mergeUsageInto, normalizeReportedUsage } from './usage.js';

export interface NormalizeOptions {
  /** Model id -> price (USD per 1M tokens); wins over the @pydantic/genai-prices catalogue. */
  priceOverrides?: Record<string, ModelPriceConfig>;
}

/** One finish reason per choice; more than this is a malformed or hostile span, not n=10000. */
const MAX_FINISH_REASONS = 128;

interface Matched { name: string; fields: ConventionFields }

export function createEmptyNormalizedSpan(): NormalizedSpan {
  return {
    observationType: 'span', category: 'other', isGenAI: false, framework: null, provider: null,
    requestModel: null, responseModel: null, operationName: null, agentName: null, toolName: null,
    toolCallId: null, finishReasons: [], finishReasonsRaw: [], sessionId: null, userId: null,
    environment: null, tags: [], version: null, release: null, level: null, traceName: null,
    completionStartTimeUnixNano: null, usage: createEmptyUsage(), cost: createEmptyCost(),
    usageCounted: true, modelParameters: null, messages: [], toolDefinitions: [], input: null, output: null,
    inputPreview: null, outputPreview: null, metadata: null,
  };
}

export function normalizeSpan(
  span: OtlpSpan,
  resource: Resource,
  scope: InstrumentationScope,
  options?: NormalizeOptions,
): NormalizedSpan {
  const out = createEmptyNormalizedSpan();
  try {
    const view = new SpanView(span, resource, scope);
    const matched = runConventions(view, out);
    mergeFields(out, matched);
    resolveProvider(out, view);
    classifySpan(out, view, matched);
    applyUsageAndCost(out, matched, span.startTimeUnixNano, options);
  } catch {
    // Keep whatever was merged before the failure; the span is stored either way.
  }
  attachMessages(out, span, resource, scope);
  return out;
}

/** Runs each matching convention; one that throws is skipped, the others still count. */
function runConventions(view: SpanView, out: NormalizedSpan): Matched[] {
  const matched: Matched[] = [];
  for (const convention of CONVENTIONS) {
    try {
      if (!convention.matches(view)) continue;
      if (convention.isGenAI) out.isGenAI = true;
      matched.push({ name: convention.name, fields: convention.extract(view) });
    } catch {
      continue;
    }
  }
  return matched;
}

// Spelled out rather than a loop over the field names: keyed loads with changing names on
// objects of many shapes (each convention returns its own) were megamorphic lookups.
function mergeScalarFields(out: NormalizedSpan, fields: ConventionFields): void {
  out.requestModel ??= fields.requestModel ?? null;
  out.responseModel ??= fields.responseModel ?? null;
  out.operationName ??= fields.operationName ?? null;
  out.agentName ??= fields.agentName ?? null;
  out.toolName ??= fields.toolName ?? null;
  out.toolCallId ??= fields.toolCallId ?? null;
  out.sessionId ??= fields.sessionId ?? null;
  out.userId ??= fields.userId ?? null;
  out.environment ??= fields.environment ?? null;
  out.version ??= fields.version ?? null;
  out.release ??= fields.release ?? null;
  out.traceName ??= fields.traceName ?? null;
}

function mergeFields(out: NormalizedSpan, matched: readonly Matched[]): void {
  const tags = new Set<string>();
  let modelParameters: Record<string, unknown> | null = null;
  let metadata: Record<string, unknown> | null = null;
  for (const { fields } of matched) {
    mergeScalarFields(out, fields);
    out.level ??= fields.level ?? null;
    out.completionStartTimeUnixNano ??= fields.completionStartTimeUnixNano ?? null;
    out.provider ??= normalizeProvider(fields.provider ?? null);
    if (out.finishReasonsRaw.length === 0 && fields.finishReasonsRaw) out.finishReasonsRaw = fields.finishReasonsRaw.slice(0, MAX_FINISH_REASONS);
    for (const tag of fields.tags ?? []) tags.add(tag);
    // Lower precedence first so higher-precedence keys overwrite.
    if (fields.modelParameters) modelParameters = { ...fields.modelParameters, ...(modelParameters ?? {}) };
    if (fields.metadata) metadata = { ...fields.metadata, ...(metadata ?? {}) };
  }
  out.tags = [...tags];
  out.modelParameters = modelParameters;
  out.metadata = metadata;
  out.finishReasons = normalizeFinishReasons(out.finishReasonsRaw);
  out.level ??= 'DEFAULT';
}

/** GenAI spans whose attributes name no vendor (or the app) are read for one; see docs/normalization.md. */
function resolveProvider(out: NormalizedSpan, view: SpanView): void {
  const model = out.responseModel ?? out.requestModel;
  out.provider = out.isGenAI ? resolveSpanProvider(view, out.provider, model) : (out.provider ?? inferProviderFromModel(model));
}

function classifySpan(out: NormalizedSpan, view: SpanView, matched: readonly Matched[]): void {
  const model = out.responseModel ?? out.requestModel;
  const named = matched.find(({ fields }) => fields.observationType)?.fields.observationType ?? null;
  out.observationType = named ?? (out.isGenAI && model !== null ? inferObservationTypeFromModel(model) : 'span');
  out.category = categorizeSpan(out.observationType, view);
  const fromConventions =
    matched.find(({ fields }) => fields.framework)?.fields.framework ??
    matched.map(({ name }) => FALLBACK_FRAMEWORKS[name]).find((framework) => framework !== undefined) ??
    null;
  out.framework = detectFramework(view, fromConventions);
}

function applyUsageAndCost(out: NormalizedSpan, matched: readonly Matched[], startNs: bigint, options?: NormalizeOptions): void {
  let attributeCost: Cost | null = null;
  let isRollup = false;
  for (const { fields } of matched) {
    if (fields.usage) mergeUsageInto(out.usage, normalizeReportedUsage(fields.usage));
    if (attributeCost === null && fields.cost) attributeCost = createAttributeCost(fields.cost);
    isRollup ||= fields.usageIsRollup === true;
  }
  completeUsage(out.usage);
  const type = out.observationType;
  // Agents and chains that carry usage repeat their children's sum: show it, don't count it twice.
  out.usageCounted = !(isRollup || ((type === 'agent' || type === 'chain') && hasAnyUsage(out.usage)));
  const call = { model: out.responseModel ?? out.requestModel, provider: out.provider, startNs };
  out.cost = resolveCost(attributeCost, out.usage, call, options?.priceOverrides);
}

function attachMessages(out: NormalizedSpan, span: OtlpSpan, resource: Resource, scope: InstrumentationScope): void {
  try {
    const extracted = extractMessages(span, resource, scope);
    out.messages = extracted.messages;
    out.toolDefinitions = extracted.toolDefinitions;
    out.input = extracted.input;
    out.output = extracted.output;
    out.inputPreview = extracted.inputPreview;
    out.outputPreview = extracted.outputPreview;
  } catch {
    // Messages are optional: a malformed payload leaves them empty.
  }
}
