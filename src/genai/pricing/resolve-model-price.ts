// NORMALIZE stage, pricing: a model id as spans carry it ('openai/gpt-4o', 'gpt-4o-2024-08-06',
// 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'gemini-1.5-pro@002') and the span's provider in;
// the token rates that apply (USD per 1M tokens) out: config overrides first, else the
// @pydantic/genai-prices catalogue (its provider/model matching, tiers and dated prices).

import { calcPrice, type ModelPrice as CatalogPrice, type Provider } from '@pydantic/genai-prices';
import type { ModelPriceConfig } from '../../config/schema.js';

/** USD per 1M tokens; tiered rates switch on the call's whole prompt size, as the catalogue's do. */
export type TokenRate = number | { base: number; tiers: readonly { start: number; price: number }[] };

/** Every field present (null when not listed): one object shape on the hot path. */
export interface TokenRates {
  input: TokenRate;
  output: TokenRate;
  /** Null: billed at the input rate (the catalogue prices an unlisted cache as input). */
  cacheRead: TokenRate | null;
  cacheWrite: TokenRate | null;
  /** Null: reasoning is billed as output. */
  reasoning: TokenRate | null;
}

/** What the catalogue matched, narrowed to a one-model provider: re-asking it is one comparison. */
interface CatalogMatch {
  modelKey: string;
  provider: Provider;
  /** Fixed rates; undefined when the price depends on the call's date or time of day. */
  rates: TokenRates | null | undefined;
}

const MAX_CACHED_IDS = 4096;
const MINUTE_NS = 60_000_000_000n;
// Keyed by provider, then model id: no key string built per span (a concatenated key cost
// more than the rest of pricing a span together).
const catalogMatches = new Map<string | null, Map<string, CatalogMatch | null>>();
const datedRates = new Map<string, TokenRates | null>();
interface OverrideIndex { byId: Map<string, ModelPriceConfig>; resolved: Map<string, TokenRates | null> }
const overrideIndexes = new WeakMap<Record<string, ModelPriceConfig>, OverrideIndex>();

/** Our gen_ai.provider.name values where the catalogue's provider id differs. */
const CATALOG_PROVIDER_IDS: Readonly<Record<string, string>> = {
  'aws.bedrock': 'aws', 'azure.ai.openai': 'azure', 'gcp.vertex_ai': 'google', 'gcp.gemini': 'google',
  'gcp.gen_ai': 'google', mistral_ai: 'mistral', x_ai: 'x-ai', together_ai: 'together',
};

/** Runtimes that serve models on the user's own machine: no list price applies to their calls
 *  ('deepseek-r1:8b' on Ollama is not DeepSeek's API). */
const SELF_HOSTED_PROVIDERS = new Set(['ollama', 'lmstudio', 'llamacpp', 'llama.cpp', 'vllm']);

const REGION_PREFIX = /^(us|eu|apac|ap|jp|au|ca|global|us-gov)\./;
const VENDOR_PREFIX = /^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|qwen|openai|google)\./;
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** Spellings of one model id, from exact to most stripped; each is tried in turn. */
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

/** The rates for a model: config overrides (exact id, then stripped spellings), else the catalogue.
 *  `startNs`: when the call started; only read for the few catalogue prices that change by date. */
export function resolveModelRates(modelId: string, provider: string | null, startNs: bigint, overrides?: Record<string, ModelPriceConfig>): TokenRates | null {
  if (overrides !== undefined) {
    const overridden = findOverride(modelId, overrides);
    if (overridden !== null) return overridden;
  }
  let byModel = catalogMatches.get(provider);
  if (byModel === undefined) catalogMatches.set(provider, (byModel = new Map()));
  let match = byModel.get(modelId);
  if (match === undefined) {
    match = findCatalogMatch(modelId, provider);
    if (byModel.size >= MAX_CACHED_IDS) byModel.clear();
    byModel.set(modelId, match);
  }
  if (match === null) return null;
  return match.rates !== undefined ? match.rates : findDatedRates(match, startNs);
}

function findOverride(modelId: string, overrides: Record<string, ModelPriceConfig>): TokenRates | null {
  let index = overrideIndexes.get(overrides);
  if (index === undefined) {
    const byId = new Map(Object.entries(overrides).map(([id, price]) => [id.trim().toLowerCase(), price]));
    overrideIndexes.set(overrides, (index = { byId, resolved: new Map() }));
  }
  if (index.byId.size === 0) return null;
  let rates = index.resolved.get(modelId);
  if (rates === undefined) {
    const spelling = listModelIdCandidates(modelId).find((id) => index.byId.has(id));
    rates = spelling === undefined ? null : toOverrideRates(index.byId.get(spelling)!);
    if (index.resolved.size >= MAX_CACHED_IDS) index.resolved.clear();
    index.resolved.set(modelId, rates);
  }
  return rates;
}

function toOverrideRates(price: ModelPriceConfig): TokenRates {
  return { input: price.input, output: price.output, cacheRead: price.cache_read ?? null, cacheWrite: price.cache_write ?? null, reasoning: price.reasoning ?? null };
}

/** The span's provider first (the same model costs more on some clouds), then the model id alone:
 *  a provider the catalogue does not list (a gateway, a custom Vercel provider) still prices. */
function findCatalogMatch(modelId: string, provider: string | null): CatalogMatch | null {
  if (provider !== null && SELF_HOSTED_PROVIDERS.has(provider)) return null;
  const spellings = listModelIdCandidates(modelId);
  const providerId = provider === null ? undefined : (CATALOG_PROVIDER_IDS[provider] ?? provider);
  for (const byProvider of providerId === undefined ? [undefined] : [providerId, undefined]) {
    for (const spelling of spellings) {
      const found = askCatalog(spelling, { providerId: byProvider });
      if (found === null) continue;
      const model = { ...found.model, match: { equals: spelling } };
      const narrowed: Provider = { id: found.provider.id, name: found.provider.name, api_pattern: found.provider.api_pattern, models: [model] };
      return { modelKey: spelling, provider: narrowed, rates: Array.isArray(model.prices) ? undefined : toCatalogRates(found.model_price) };
    }
  }
  return null;
}

// The catalogue's calcPrice costs ~30 µs a call (it validates its unit tree each time): it is
// asked once per model id, and per minute for the few dated prices, never per span.
function findDatedRates(match: CatalogMatch, startNs: bigint): TokenRates | null {
  const minute = startNs / MINUTE_NS;
  const key = `${match.provider.id}\u0000${match.modelKey}\u0000${minute}`;
  let rates = datedRates.get(key);
  if (rates === undefined) {
    const found = askCatalog(match.modelKey, { provider: match.provider, timestamp: new Date(Number(minute) * 60_000) });
    rates = found === null ? null : toCatalogRates(found.model_price);
    if (datedRates.size >= MAX_CACHED_IDS) datedRates.clear();
    datedRates.set(key, rates);
  }
  return rates;
}

function askCatalog(modelId: string, options: Parameters<typeof calcPrice>[2]): ReturnType<typeof calcPrice> {
  try {
    return calcPrice({}, modelId, options);
  } catch {
    return null; // a catalogue entry it cannot price (malformed data) is an unknown price, not a failed span
  }
}

/** Token rates from a catalogue price; null when it lists no token price (priced per image, per request). */
function toCatalogRates(price: CatalogPrice): TokenRates | null {
  const input = toTokenRate(price.input_mtok);
  const output = toTokenRate(price.output_mtok);
  if (input === undefined && output === undefined) return null;
  return {
    input: input ?? 0, output: output ?? 0, cacheRead: toTokenRate(price.cache_read_mtok) ?? null,
    cacheWrite: toTokenRate(price.cache_write_mtok) ?? null, reasoning: toTokenRate(price.output_reasoning_mtok) ?? null,
  };
}

function toTokenRate(value: CatalogPrice[string]): TokenRate | undefined {
  if (value === undefined || typeof value === 'number') return value;
  return { base: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start) };
}
