// NORMALIZE stage: provider finish/stop reasons (OpenAI, Anthropic, Bedrock, Gemini, Vercel AI,
// Mistral, Cohere …) in, one of stop | length | tool_use | content_filter | error out
// (null when the raw value says nothing usable, e.g. 'other', 'unknown'). Raw values are kept by the caller.

import type { FinishReason } from './types.js';

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  end: 'stop',
  eos: 'stop',
  complete: 'stop',
  completed: 'stop',
  finish: 'stop',
  pause_turn: 'stop',
  length: 'length',
  max_tokens: 'length',
  max_output_tokens: 'length',
  model_length: 'length',
  token_limit: 'length',
  model_context_window_exceeded: 'length',
  incomplete: 'length',
  tool_calls: 'tool_use',
  tool_call: 'tool_use',
  tool_use: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'content_filter',
  content_filtered: 'content_filter',
  guardrail_intervened: 'content_filter',
  refusal: 'content_filter',
  safety: 'content_filter',
  recitation: 'content_filter',
  blocklist: 'content_filter',
  prohibited_content: 'content_filter',
  spii: 'content_filter',
  image_safety: 'content_filter',
  language: 'content_filter',
  error: 'error',
  malformed_function_call: 'error',
  unexpected_tool_call: 'error',
  failed: 'error',
};

const CAMEL_CASE = /^[a-z]+[A-Z]/;
const CAMEL_BOUNDARY = /([a-z])([A-Z])/g;

export function normalizeFinishReason(raw: string): FinishReason | null {
  // Vercel uses kebab-case ('tool-calls'), Gemini upper case ('MAX_TOKENS'), Cohere 'COMPLETE',
  // Strands' TypeScript SDK camelCase ('toolUse', 'endTurn').
  const trimmed = raw.trim();
  const key = (CAMEL_CASE.test(trimmed) ? trimmed.replace(CAMEL_BOUNDARY, '$1_$2') : trimmed).toLowerCase().replaceAll('-', '_');
  const direct = FINISH_REASONS[key];
  if (direct !== undefined) return direct;
  // Gemini enum names carry a prefix, e.g. 'FINISH_REASON_STOP'.
  if (key.startsWith('finish_reason_')) return FINISH_REASONS[key.slice('finish_reason_'.length)] ?? null;
  return null;
}

export function normalizeFinishReasons(raw: readonly string[]): FinishReason[] {
  const out: FinishReason[] = [];
  for (const value of raw) {
    const normalized = normalizeFinishReason(value);
    if (normalized !== null) out.push(normalized);
  }
  return out;
}
