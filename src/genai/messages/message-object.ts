// NORMALIZE stage, messages: one message-like object from any payload (OpenAI chat,
// Anthropic, Vercel AI, OTel GenAI {role, parts}, Gemini {role, parts}, Bedrock, LangChain
// serialized messages) -> one SideML message. Returns null when the object is no message.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { normalizeContent } from './blocks.js';
import { normalizeFinishReason } from './finish-reason.js';
import { createMessageExtraBlocks } from './openai-chat.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeRole } from './roles.js';
import { toolId } from './tool-input.js';

export type Direction = 'input' | 'output';

const LANGCHAIN_CLASS_ROLES: Record<string, string> = {
  HumanMessage: 'user',
  AIMessage: 'assistant',
  AIMessageChunk: 'assistant',
  SystemMessage: 'system',
  ToolMessage: 'tool',
  FunctionMessage: 'tool',
  ChatMessage: 'user',
};

/** LangChain's serialized form {lc, type:'constructor', id:[..., 'HumanMessage'], kwargs}. */
function unwrapLangChain(raw: PlainObject): PlainObject {
  if (!isPlainObject(raw.kwargs) || raw.lc === undefined) return raw;
  const className = Array.isArray(raw.id) ? asString(raw.id[raw.id.length - 1]) : undefined;
  const role = raw.kwargs.role ?? (className ? LANGCHAIN_CLASS_ROLES[className] : undefined) ?? raw.kwargs.type;
  return { ...raw.kwargs, role };
}

export function isMessageLike(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (typeof value.role === 'string') return true;
  if (value.lc !== undefined && isPlainObject(value.kwargs)) return true;
  // LangChain dict form {type:'human'|'ai'|..., content}
  return typeof value.type === 'string' && 'content' in value && normalizeRole(value.type) !== null;
}

export function addFinishReason(message: SideMLMessage, raw: unknown): void {
  const rawText = asString(raw);
  if (!rawText) return;
  const normalized = normalizeFinishReason(rawText);
  if (normalized) message.finish_reason = normalized;
  message.finish_reason_raw = rawText;
}

function hasToolResult(blocks: ContentBlock[]): boolean {
  return blocks.some((block) => block.type === 'tool_result');
}

/** `blocks`, when given, replaces normalizing `content` (for readers that built blocks themselves). */
export function createMessage(input: PlainObject, direction: Direction, source: string, blocks?: ContentBlock[]): SideMLMessage | null {
  const raw = unwrapLangChain(input);
  const role = normalizeRole(raw.role ?? raw.type) ?? (raw.role === undefined ? (direction === 'output' ? 'assistant' : 'user') : null);
  if (role === null) return null;
  const body = raw.parts !== undefined ? raw.parts : raw.content;
  let content = blocks ?? normalizeContent(body);
  content = content.concat(createMessageExtraBlocks(raw));
  const callId = toolId(raw.tool_call_id ?? raw.toolCallId ?? (role === 'tool' ? raw.id : undefined));
  if (role === 'tool' && !hasToolResult(content)) {
    content = [{ type: 'tool_result', tool_use_id: callId, content: body ?? null }];
  }
  const allToolResults = content.length > 0 && content.every((block) => block.type === 'tool_result');
  const message: SideMLMessage = { role: role === 'user' && allToolResults ? 'tool' : role, content, direction, source };
  const name = asString(raw.name);
  if (name) message.name = name;
  addFinishReason(message, raw.finish_reason ?? raw.finishReason ?? raw.stop_reason ?? raw.stopReason);
  return message;
}

/** Text to a single message: user for inputs, assistant for outputs. */
export function createTextMessage(text: string, direction: Direction, source: string, role?: SideMLMessage['role']): SideMLMessage {
  return { role: role ?? (direction === 'input' ? 'user' : 'assistant'), content: [{ type: 'text', text }], direction, source };
}
