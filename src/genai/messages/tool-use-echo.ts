// NORMALIZE stage, messages: OpenLLMetry's LangChain instrumentation (span_utils.py
// _content_to_parts, 0.62) writes an AIMessage's `tool_use` content block (ChatBedrockConverse,
// ChatAnthropic) as a text part holding the block's JSON, beside the tool_call part of the same
// call. Input: one SideML message; output: the message without such echoes (one call, one block).

import type { SideMLMessage } from '../types.js';
import { isPlainObject, parseJsonText } from './plain-value.js';

export function dropToolUseEchoes(message: SideMLMessage): SideMLMessage {
  // Runs on every message: the common case (no text that could be an echo) allocates nothing.
  if (!message.content.some((b) => b.type === 'text' && b.text.startsWith('{'))) return message;
  const ids = new Set(message.content.flatMap((b) => (b.type === 'tool_use' && b.id ? [b.id] : [])));
  if (ids.size === 0) return message;
  const content = message.content.filter((block) => {
    if (block.type !== 'text' || !block.text.startsWith('{')) return true;
    const parsed = parseJsonText(block.text);
    return !(isPlainObject(parsed) && parsed.type === 'tool_use' && ids.has(String(parsed.id)));
  });
  return content.length === message.content.length ? message : { ...message, content };
}
