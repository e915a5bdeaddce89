// NORMALIZE stage, messages: the shape every convention reader shares. A reader gets the
// span's attributes through a parse-once AttributeReader and returns what it found;
// extract-messages.ts picks, per field, the first reader (in precedence order) that found it.

import type { InstrumentationScope, OtlpSpan } from '../../otlp/model.js';
import type { SideMLMessage } from '../types.js';
import type { AttributeReader } from './plain-value.js';

export interface SpanContext {
  span: OtlpSpan;
  scope: InstrumentationScope;
  attrs: AttributeReader;
  /** Attribute keys under an indexed prefix (llm.input_messages., gen_ai.prompt., …); empty for most spans. */
  indexedKeys: string[];
}

export interface SourceResult {
  input?: SideMLMessage[] | null;
  output?: SideMLMessage[] | null;
  toolDefinitions?: unknown[] | null;
  /** The convention-level input/output as found (parsed JSON when valid); undefined when absent. */
  rawInput?: unknown;
  rawOutput?: unknown;
}

export interface MessageSource {
  name: string;
  read(ctx: SpanContext): SourceResult | null;
}

export const INDEXED_PREFIXES = ['llm.input_messages.', 'llm.output_messages.', 'llm.tools.', 'gen_ai.prompt.', 'gen_ai.completion.', 'llm.request.functions.'];

// One anchored regex for all the prefixes: 6 startsWith per gen_ai.* key cost ~1.2 µs a
// span (every span has a dozen of them), the regex ~0.3.
const INDEXED_KEY = new RegExp(`^(?:${INDEXED_PREFIXES.map((prefix) => prefix.replaceAll('.', '\\.')).join('|')})`);

/** Keys under any indexed prefix; one cheap pass over the key list. */
export function findIndexedKeys(attributes: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const key in attributes) {
    const c = key.charCodeAt(0);
    if ((c === 108 /* l */ || c === 103 /* g */) && INDEXED_KEY.test(key)) found.push(key);
  }
  return found;
}

export interface IndexedEntry {
  index: number;
  fields: Map<string, unknown>;
}

/** Groups `<prefix><N>.<field>` keys by N (ascending); values come from `valueOf`. */
export function groupIndexed(keys: string[], prefix: string, valueOf: (key: string) => unknown): IndexedEntry[] {
  const byIndex = new Map<number, Map<string, unknown>>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const index = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 0) continue;
    let fields = byIndex.get(index);
    if (!fields) byIndex.set(index, (fields = new Map()));
    fields.set(dot < 0 ? '' : rest.slice(dot + 1), valueOf(key));
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, fields]) => ({ index, fields }));
}

/** Sub-group of an entry's fields: `tool_calls.K.rest` -> entries by K with `rest` fields. */
export function groupFields(fields: Map<string, unknown>, prefix: string): IndexedEntry[] {
  const keys = [...fields.keys()].filter((key) => key.startsWith(prefix));
  return groupIndexed(keys, prefix, (key) => fields.get(key));
}
