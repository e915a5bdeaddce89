// NORMALIZE stage, data: the bundled model price table (USD per 1M tokens), maintained by hand.
// cache_read / cache_write: price of cached input tokens read from / written to the provider cache
// (input price when absent). Reasoning tokens are billed as output unless 'reasoning' is given.
//
// Source: providers' public list prices (standard tier, no batch discount, prompts <= 200k tokens):
//   https://openai.com/api/pricing, https://www.anthropic.com/pricing#api (the same Anthropic prices are
//   used for those models on AWS Bedrock and Vertex AI), https://ai.google.dev/gemini-api/docs/pricing,
//   https://aws.amazon.com/bedrock/pricing (Amazon Nova, Titan), https://mistral.ai/pricing.
//   Compiled by hand from the published prices as last known; re-check before relying on exact figures.
// Updated: 2025-11-20 (bump this date and the figures together).

import type { ModelPriceConfig } from '../../config/schema.js';

export const PRICE_TABLE_UPDATED = '2025-11-20';

export const BUNDLED_MODEL_PRICES: Readonly<Record<string, ModelPriceConfig>> = {
  'gpt-5': { input: 1.25, output: 10, cache_read: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cache_read: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cache_read: 0.005 },
  'gpt-5-chat': { input: 1.25, output: 10, cache_read: 0.125 },
  'gpt-4.1': { input: 2, output: 8, cache_read: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cache_read: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cache_read: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cache_read: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cache_read: 0.075 },
  'chatgpt-4o': { input: 5, output: 15 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'o1-pro': { input: 150, output: 600 },
  'o3-pro': { input: 20, output: 80 },
  'gpt-5-pro': { input: 15, output: 120 },
  'o1': { input: 15, output: 60, cache_read: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cache_read: 0.55 },
  'o3': { input: 2, output: 8, cache_read: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cache_read: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cache_read: 0.275 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  'claude-opus-4-5': { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cache_read: 1.5, cache_write: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cache_read: 1.5, cache_write: 18.75 },
  'claude-sonnet-4-5': { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  'claude-sonnet-4': { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
  'claude-3-7-sonnet': { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  'claude-3-5-sonnet': { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cache_read: 0.08, cache_write: 1 },
  'claude-3-opus': { input: 15, output: 75, cache_read: 1.5, cache_write: 18.75 },
  'claude-3-sonnet': { input: 3, output: 15 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cache_read: 0.03, cache_write: 0.3 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cache_read: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cache_read: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cache_read: 0.01 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cache_read: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-1.5-pro': { input: 1.25, output: 5 },
  'gemini-1.5-flash': { input: 0.075, output: 0.3 },
  'text-embedding-004': { input: 0, output: 0 },
  'nova-premier': { input: 2.5, output: 12.5 },
  'nova-pro': { input: 0.8, output: 3.2, cache_read: 0.2 },
  'nova-lite': { input: 0.06, output: 0.24, cache_read: 0.015 },
  'nova-micro': { input: 0.035, output: 0.14, cache_read: 0.00875 },
  'titan-embed-text-v2': { input: 0.02, output: 0 },
  'titan-embed-text-v1': { input: 0.1, output: 0 },
  'mistral-large': { input: 2, output: 6 },
  'mistral-small': { input: 0.1, output: 0.3 },
  'codestral': { input: 0.3, output: 0.9 },
};
