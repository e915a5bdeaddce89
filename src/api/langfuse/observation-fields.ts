// QUERY/SERVE (Langfuse family): the structured observation fields — input/output and
// metadata — from stored JSON text. Input: span columns; output: plain JSON values.
import type { SideMLMessage } from '../../genai/types.js';
import type { StoredSpanColumns } from '../../store/shared/stored-span.js';
import { readSpanContent } from '../span-content.js';
import type { ObservationRow } from '../../store/read/observation-queries.js';

/** Langfuse parses stored strings as JSON when they are JSON (objects/arrays). */
function parseNestedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

/** The convention's input/output when one was found; otherwise the span's normalized
 *  messages of that direction (derived from its raw attributes), shaped like chat messages. */
export function parseIoValue(json: string | null, span: SpanMessages | null, direction: 'input' | 'output'): unknown {
  if (json !== null) {
    try {
      return parseNestedJson(JSON.parse(json));
    } catch {
      return json;
    }
  }
  return span === null ? null : messagesAsIo(span.messages(), direction);
}

/** A span's messages, derived once on first use (input and output share them). */
export interface SpanMessages {
  messages(): SideMLMessage[];
}

export function deriveSpanMessages(row: StoredSpanColumns): SpanMessages {
  let cached: SideMLMessage[] | null = null;
  return { messages: () => (cached ??= readSpanContent(row).messages) };
}

function messagesAsIo(messages: SideMLMessage[], direction: 'input' | 'output'): unknown {
  const chosen = messages.filter((m) => m.direction === direction).map(toChatMessage);
  if (chosen.length === 0) return null;
  return direction === 'output' && chosen.length === 1 ? chosen[0] : chosen;
}

function toChatMessage(message: SideMLMessage): Record<string, unknown> {
  const blocks = message.content;
  const allText = blocks.every((b) => b.type === 'text');
  const content = allText ? blocks.map((b) => (b.type === 'text' ? b.text : '')).join('') : blocks;
  return message.name ? { role: message.role, name: message.name, content } : { role: message.role, content };
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The convention's metadata at the top level, plus the raw OTel context Langfuse keeps
 *  beside it (attributes, resourceAttributes, scope) unless metadata uses those keys. */
export function toObservationMetadata(row: ObservationRow): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...(parseObject(row.metadata_json) ?? {}) };
  metadata.attributes ??= parseObject(row.attributes_json) ?? {};
  metadata.resourceAttributes ??= parseObject(row.resource_json) ?? {};
  metadata.scope ??= { name: row.scope_name, version: row.scope_version };
  return metadata;
}

const METADATA_VALUE_LIMIT = 200;

/** v2 metadata: values longer than 200 characters are cut unless their key is expanded. */
export function truncateMetadata(metadata: Record<string, unknown>, expand: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (expand.has(key)) {
      out[key] = value;
      continue;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out[key] = text !== undefined && text.length > METADATA_VALUE_LIMIT ? text.slice(0, METADATA_VALUE_LIMIT) + '...' : value;
  }
  return out;
}
