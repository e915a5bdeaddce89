// NORMALIZE stage, messages: short plain-text previews (<= 200 chars) for list views:
// the last user (or tool) input and the assistant (or tool) output, falling back to the
// convention-level input/output value. Bounded work even for huge payloads.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { normalizeContent } from './blocks.js';
import { isPlainObject } from './plain-value.js';

export const PREVIEW_MAX_CHARS = 200;
const TEXT_KEYS = ['content', 'text', 'raw', 'output', 'result', 'answer', 'message', 'response', 'query', 'question', 'prompt', 'input', 'value'];

/** Any whitespace but a lone space: what collapsing (every \s run to one space) changes.
 *  (It listed tab, newline and a few others: a text whose only odd space was e.g. U+3000
 *  kept it, the same text with a newline too lost it.) */
const COLLAPSIBLE_SPACE = /[^\S ]| {2}/;
const NON_SPACE = /\S/;
/** Enough head to fill a preview even when a single leading space is trimmed. */
const HEAD_CHARS = PREVIEW_MAX_CHARS + 2;

// Hot path (every span at ingest, twice). A long text whose head has only lone spaces and
// whose rest is not all whitespace previews as its head: nothing past the head can change
// the first 200 characters. This looks at ~200 characters instead of 800 (~1 µs a span).
// Anything else takes the full path; test/genai/messages/preview-clip.test.ts checks the
// two agree.
export function clip(text: string): string | null {
  const end = Math.min(text.length, PREVIEW_MAX_CHARS * 4);
  if (end > HEAD_CHARS && !COLLAPSIBLE_SPACE.test(text.slice(0, HEAD_CHARS)) && NON_SPACE.test(text.slice(HEAD_CHARS, end))) {
    const start = text.charCodeAt(0) === 32 ? 1 : 0;
    return `${text.slice(start, start + PREVIEW_MAX_CHARS - 1)}…`;
  }
  return clipFully(text);
}

// The collapsing replace, which allocates per match, runs only when there is something to collapse.
function clipFully(text: string): string | null {
  let flat = text.length > PREVIEW_MAX_CHARS * 4 ? text.slice(0, PREVIEW_MAX_CHARS * 4) : text;
  if (COLLAPSIBLE_SPACE.test(flat)) flat = flat.replace(/\s+/g, ' ');
  flat = flat.trim();
  if (flat.length === 0) return null;
  return flat.length > PREVIEW_MAX_CHARS ? `${flat.slice(0, PREVIEW_MAX_CHARS - 1)}…` : flat;
}

/** JSON text of a value, giving up once `budget` characters are produced. */
function stringifyBounded(value: unknown, budget: number): string {
  const parts: string[] = [];
  let used = 0;
  const visit = (v: unknown, depth: number): void => {
    if (used > budget) return;
    let piece: string;
    if (Array.isArray(v) && depth < 6) {
      parts.push('[');
      for (let i = 0; i < v.length && used <= budget; i++) {
        if (i > 0) parts.push(',');
        visit(v[i], depth + 1);
      }
      parts.push(']');
      return;
    }
    if (isPlainObject(v) && depth < 6) {
      parts.push('{');
      let first = true;
      for (const key of Object.keys(v)) {
        if (used > budget) break;
        parts.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        visit(v[key], depth + 1);
      }
      parts.push('}');
      return;
    }
    if (typeof v === 'string') piece = JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
    else if (typeof v === 'bigint') piece = v.toString();
    else piece = typeof v === 'object' && v !== null ? '…' : String(v);
    used += piece.length;
    parts.push(piece);
  };
  visit(value, 0);
  return parts.join('');
}

export function createValuePreview(value: unknown, depth = 0): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (isPlainObject(value) && depth < 3) {
    for (const key of TEXT_KEYS) {
      const inner = value[key];
      if (typeof inner === 'string' && inner.trim()) return clip(inner);
    }
  }
  return clip(stringifyBounded(value, PREVIEW_MAX_CHARS * 2));
}

function previewBlock(block: ContentBlock): string | null {
  switch (block.type) {
    case 'text':
    case 'refusal':
      return block.text;
    case 'tool_use':
      return `${block.name}(${stringifyBounded(block.input, PREVIEW_MAX_CHARS)})`;
    case 'tool_result':
      // Results nest provider blocks ([{text}], [{type:'text', text}]): normalize them first.
      return Array.isArray(block.content) ? createBlocksPreview(normalizeContent(block.content)) : createValuePreview(block.content);
    case 'json':
      return stringifyBounded(block.value, PREVIEW_MAX_CHARS);
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'file':
      return `[${block.type}${block.name ? `: ${block.name}` : ''}]`;
    default:
      return null;
  }
}

/** Joins texts with spaces, stopping once `budget` characters are reached. */
function joinBounded(texts: string[], budget: number): string {
  let out = '';
  for (const text of texts) {
    out += out ? ' ' + text : text;
    if (out.length >= budget) break;
  }
  return out;
}

/** Text blocks win; without any text, tool calls/results and media placeholders are shown. */
export function createBlocksPreview(blocks: ContentBlock[]): string | null {
  const texts = blocks.filter((b) => b.type === 'text' || b.type === 'refusal').map(previewBlock);
  const chosen = texts.length > 0 ? texts : blocks.map((b) => (isPlainObject(b) ? previewBlock(b) : createValuePreview(b)));
  if (chosen.length === 0) return null;
  return clip(joinBounded(chosen.filter((t): t is string => !!t), PREVIEW_MAX_CHARS * 4));
}

export function createInputPreview(messages: SideMLMessage[], rawInput: unknown): string | null {
  const inputs = messages.filter((m) => m.direction === 'input');
  const pick = [...inputs].reverse().find((m) => m.role === 'user') ?? inputs[inputs.length - 1];
  return (pick ? createBlocksPreview(pick.content) : null) ?? createValuePreview(rawInput);
}

export function createOutputPreview(messages: SideMLMessage[], rawOutput: unknown): string | null {
  const outputs = messages.filter((m) => m.direction === 'output');
  return createBlocksPreview(outputs.flatMap((m) => m.content)) ?? createValuePreview(rawOutput);
}
