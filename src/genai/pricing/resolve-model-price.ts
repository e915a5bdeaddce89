// NORMALIZE stage, pricing: a model id as spans carry it ('openai/gpt-4o', 'gpt-4o-2024-08-06',
// 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-3-5-sonnet-latest', 'gemini-1.5-pro@002')
// in, the price (USD per 1M tokens) from config overrides or the bundled table out.

import type { ModelPriceConfig } from '../../config/schema.js';
import { BUNDLED_MODEL_PRICES } from './model-prices.js';

export type ModelPrice = ModelPriceConfig;

const MAX_CACHED_IDS = 4096;
const resolvedCache = new Map<string, ModelPrice | null>();
const overrideIndexes = new WeakMap<Record<string, ModelPrice>, Map<string, ModelPrice>>();

const REGION_PREFIX = /^(us|eu|apac|ap|jp|au|ca|global|us-gov)\./;
const VENDOR_PREFIX = /^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|qwen|openai|google)\./;
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** Spellings of one model id, from exact to most stripped; each is tried against the table. */
export function listModelIdCandidates(modelId: string): string[] {
  const candidates: string[] = [];
  let id = modelId.trim().toLowerCase();
  const push = (next: string): void => {
    if (next.length > 0 && candidates[candidates.length - 1] !== next) candidates.push(next);
    id = next;
  };
  push(id);
  push(id.slice(id.lastIndexOf('/') + 1)); // provider prefix, 'models/…', Bedrock ARNs
  push(id.replace(/@.*$/, '')); // Vertex version pin
  push(id.replace(REGION_PREFIX, '').replace(VENDOR_PREFIX, '')); // Bedrock inference profiles
  push(id.replace(/:[^:]*$/, '')); // Bedrock ':0', Ollama ':latest'
  push(id.replace(/-v\d+$/, ''));
  push(id.replace(/-latest$/, ''));
  push(id.replace(DATE_SUFFIX, ''));
  return candidates;
}

function findInTable(table: (id: string) => ModelPrice | undefined, candidates: readonly string[]): ModelPrice | null {
  for (const candidate of candidates) {
    const price = table(candidate);
    if (price !== undefined) return price;
  }
  // Longest table key that the most stripped id extends at a '-' ('gpt-4o-mini-tts' -> 'gpt-4o-mini').
  const base = candidates[candidates.length - 1] ?? '';
  for (let cut = base.lastIndexOf('-'); cut > 0; cut = base.lastIndexOf('-', cut - 1)) {
    const price = table(base.slice(0, cut));
    if (price !== undefined) return price;
  }
  return null;
}

function getOverrideIndex(overrides: Record<string, ModelPrice>): Map<string, ModelPrice> {
  let index = overrideIndexes.get(overrides);
  if (index === undefined) {
    index = new Map(Object.entries(overrides).map(([key, price]) => [key.trim().toLowerCase(), price]));
    overrideIndexes.set(overrides, index);
  }
  return index;
}

/** Price of a model: config overrides first (exact id, then its stripped spellings), then the table. */
export function resolveModelPrice(modelId: string, overrides?: Record<string, ModelPrice>): ModelPrice | null {
  if (overrides !== undefined) {
    const exact = overrides[modelId];
    if (exact !== undefined) return exact;
    const index = getOverrideIndex(overrides);
    if (index.size > 0) {
      const overridden = findInTable((id) => index.get(id), listModelIdCandidates(modelId));
      if (overridden !== null) return overridden;
    }
  }
  const cached = resolvedCache.get(modelId);
  if (cached !== undefined) return cached;
  const price = findInTable((id) => (Object.hasOwn(BUNDLED_MODEL_PRICES, id) ? BUNDLED_MODEL_PRICES[id] : undefined), listModelIdCandidates(modelId));
  if (resolvedCache.size >= MAX_CACHED_IDS) resolvedCache.clear();
  resolvedCache.set(modelId, price);
  return price;
}
