// NORMALIZE stage, messages: a stable content hash of one SideML message (role + normalized
// blocks; source, direction, timestamps, finish reasons and thinking signatures ignored), so
// the same turn repeated in many spans' histories is recognized. Long strings are
// fingerprinted (length + ends) to keep hashing cheap for base64 media.

import { createHash } from 'node:crypto';
import type { ContentBlock, SideMLMessage } from '../types.js';
import { isPlainObject } from './plain-value.js';

const LONG_STRING = 512;

function fingerprint(text: string): string {
  return text.length <= LONG_STRING ? text : `${text.length}:${text.slice(0, 128)}…${text.slice(-128)}`;
}

/** JSON with sorted keys and fingerprinted long strings; depth-limited. */
export function stableStringify(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(fingerprint(value));
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth > 12) return '"…"';
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v, depth + 1)).join(',')}]`;
  if (!isPlainObject(value)) return '"?"';
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k], depth + 1)}`).join(',')}}`;
}

function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function canonicalBlock(block: ContentBlock): string {
  switch (block.type) {
    case 'tool_use':
      return `u|${block.id ?? ''}|${block.name}|${stableStringify(block.input)}`;
    case 'tool_result':
      return `r|${block.tool_use_id ?? ''}|${stableStringify(block.content)}`;
    case 'thinking':
      return `t|${fingerprint(normalizeText(block.text))}`;
    case 'redacted_thinking':
      return `x|${fingerprint(block.data)}`;
    case 'refusal':
      return `f|${fingerprint(normalizeText(block.text))}`;
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'file':
      return `m|${block.url ?? ''}|${block.file_id ?? ''}|${fingerprint(block.data ?? '')}`;
    default:
      return `${block.type}|${stableStringify(block)}`;
  }
}

/** Consecutive text blocks are joined: one source's "a","b" parts equal another's "ab" string. */
export function createMessageCanonical(message: SideMLMessage): string {
  const parts: string[] = [message.role];
  let text = '';
  const flushText = () => {
    const normalized = normalizeText(text);
    if (normalized) parts.push(`s|${fingerprint(normalized)}`);
    text = '';
  };
  for (const block of message.content) {
    if (isPlainObject(block) && block.type === 'text') {
      text += `${typeof block.text === 'string' ? block.text : ''} `;
      continue;
    }
    flushText();
    parts.push(isPlainObject(block) ? canonicalBlock(block) : stableStringify(block));
  }
  flushText();
  return parts.join('\u0001');
}

export function createMessageHash(message: SideMLMessage): string {
  return createHash('sha1').update(createMessageCanonical(message)).digest('base64');
}

/** Tool call ids a message carries: 'u:<id>' for calls, 'r:<id>' for results. */
export function readToolIdKeys(message: SideMLMessage): string[] {
  const keys: string[] = [];
  for (const block of message.content) {
    if (block.type === 'tool_use' && block.id) keys.push(`u:${block.id}`);
    else if (block.type === 'tool_result' && block.tool_use_id) keys.push(`r:${block.tool_use_id}`);
  }
  return keys;
}
