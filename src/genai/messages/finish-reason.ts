// NORMALIZE stage, messages: maps provider/framework finish reasons to the SideML set
// (stop | length | tool_use | content_filter | error). Unknown values map to null; callers
// keep the raw value beside the normalized one.

import type { FinishReason } from '../types.js';

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  complete: 'stop',
  completed: 'stop',
  eos: 'stop',
  eos_token: 'stop',
  finish: 'stop',
  finished: 'stop',
  pause_turn: 'stop',
  length: 'length',
  max_tokens: 'length',
  max_output_tokens: 'length',
  max_length: 'length',
  model_context_window_exceeded: 'length',
  incomplete: 'length',
  tool_calls: 'tool_use',
  tool_call: 'tool_use',
  tool_use: 'tool_use',
  function_call: 'tool_use',
  function_calls: 'tool_use',
  content_filter: 'content_filter',
  content_filtered: 'content_filter',
  safety: 'content_filter',
  recitation: 'content_filter',
  blocklist: 'content_filter',
  prohibited_content: 'content_filter',
  spii: 'content_filter',
  image_safety: 'content_filter',
  guardrail_intervened: 'content_filter',
  refusal: 'content_filter',
  error: 'error',
  malformed_function_call: 'error',
  unexpected_tool_call: 'error',
};

/** 'tool-calls', 'toolUse', 'MAX_TOKENS', 'FinishReason.STOP' all normalize. */
export function normalizeFinishReason(raw: unknown): FinishReason | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) return null;
  const bare = raw.includes('.') ? raw.slice(raw.lastIndexOf('.') + 1) : raw;
  const key = bare
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-\s]/g, '_');
  return FINISH_REASONS[key] ?? null;
}
