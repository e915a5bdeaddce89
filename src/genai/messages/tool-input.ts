// NORMALIZE stage, messages: tool-call arguments arrive as JSON text (OpenAI, Vercel
// responses) or as objects (Anthropic, Vercel prompts, Bedrock). Parsing the text form
// makes both copies of one call identical, which conversation de-duplication relies on.

import { parseJsonText } from './plain-value.js';

export function normalizeToolInput(input: unknown): unknown {
  if (input === undefined) return null;
  if (typeof input !== 'string') return input;
  const parsed = parseJsonText(input);
  return parsed !== undefined && typeof parsed === 'object' && parsed !== null ? parsed : input;
}

export function toolId(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return null;
}
