// QUERY/SERVE (explorer): the conversation view of a span, a trace or a session.
// Input: message-bearing span rows and GenAI log records (oldest first) plus the totals
// to report; output: de-duplicated SideML messages with provenance, metadata totals and
// the tool definitions seen. Role and time filters apply after de-duplication, so a
// filtered view never resurrects history that the full view hid.
import type { SideMLMessage } from '../../genai/types.js';
import type { MessageLogRecord, MessageSpanRecord } from '../../store/read/span-queries.js';
import type { ExtractedMessages } from '../../genai/messages/extract-messages.js';
import { readSpanContent } from '../span-content.js';
import { dedupeSpanMessages, type MessageSource } from './dedupe-adapter.js';
import { nsToIso } from './dto.js';
import { parseJsonExact } from './json-exact.js';

export interface MessagesViewOptions {
  role?: string;
  fromNs?: bigint;
  toNs?: bigint;
  totals: { total_tokens: number; total_cost: number | null };
}

export function buildMessagesView(spans: MessageSpanRecord[], logs: MessageLogRecord[], options: MessagesViewOptions) {
  const contents = new Map(spans.map((span) => [span, readSpanContent(span)]));
  const sources = collectSources(spans, contents, logs);
  const deduped = dedupeSpanMessages(sources);
  const messages = deduped
    .filter(({ message, source }) => matchesFilters(message, source, options))
    .map(({ message, source }) => toMessageDto(message, source));
  const times = messages.map((m) => m.timestamp).filter((t): t is string => t !== null).sort();
  const tools = collectToolDefinitions(contents, sources);
  return {
    messages,
    metadata: {
      total_messages: messages.length,
      total_tokens: options.totals.total_tokens,
      total_cost: options.totals.total_cost,
      span_count: new Set(messages.map((m) => `${m.trace_id}/${m.span_id}`)).size,
      start_time: times[0] ?? null,
      end_time: times[times.length - 1] ?? null,
    },
    tool_definitions: tools.definitions,
    tool_names: tools.names,
  };
}

type SpanContents = Map<MessageSpanRecord, ExtractedMessages>;

function collectSources(spans: MessageSpanRecord[], contents: SpanContents, logs: MessageLogRecord[]): MessageSource[] {
  const bySpan = new Map<string, MessageSpanRecord>();
  for (const span of spans) bySpan.set(`${span.trace_id}/${span.span_id}`, span);
  const sources: MessageSource[] = [];
  for (const span of spans) {
    const messages = contents.get(span)!.messages;
    if (messages.length > 0) sources.push({ span, messages });
  }
  // GenAI event log records belong to the span they name; without one, to the trace's first span.
  for (const log of logs) {
    const span = (log.span_id ? bySpan.get(`${log.trace_id}/${log.span_id}`) : undefined) ?? spans.find((s) => s.trace_id === log.trace_id);
    const messages = parseMessages(log.messages_json).map((m) => ({ ...m, timestamp_ns: m.timestamp_ns ?? log.time_ns }));
    const sequenceKey = log.span_id ? `${log.trace_id}/${log.span_id}` : undefined;
    if (span && messages.length > 0) sources.push({ span, messages, timeNs: log.time_ns, ...(sequenceKey ? { sequenceKey } : {}) });
  }
  return sources;
}

function parseMessages(text: string | null): SideMLMessage[] {
  const value = parseJsonExact(text);
  return Array.isArray(value) ? value.filter(isMessage) : [];
}

function isMessage(value: unknown): value is SideMLMessage {
  return typeof value === 'object' && value !== null && typeof (value as SideMLMessage).role === 'string' && Array.isArray((value as SideMLMessage).content);
}

/** A message's time: its own, else its span's start (input) or end (output). */
function messageTimeNs(message: SideMLMessage, span: MessageSpanRecord): string {
  return message.timestamp_ns ?? (message.direction === 'output' ? span.end_ns : span.start_ns);
}

function matchesFilters(message: SideMLMessage, source: MessageSource, options: MessagesViewOptions): boolean {
  if (options.role !== undefined && message.role !== options.role) return false;
  if (options.fromNs === undefined && options.toNs === undefined) return true;
  const ns = BigInt(messageTimeNs(message, source.span));
  if (options.fromNs !== undefined && ns < options.fromNs) return false;
  if (options.toNs !== undefined && ns > options.toNs) return false;
  return true;
}

function toMessageDto(message: SideMLMessage, source: MessageSource) {
  const span = source.span;
  return {
    role: message.role,
    content: message.content,
    name: message.name ?? null,
    direction: message.direction,
    finish_reason: message.finish_reason ?? null,
    timestamp: nsToIso(messageTimeNs(message, span)),
    trace_id: span.trace_id,
    span_id: span.span_id,
    parent_span_id: span.parent_span_id,
    observation_type: span.observation_type,
    model: span.model,
    provider: span.provider,
    source: message.source ?? (source.timeNs !== undefined ? 'log' : null),
  };
}

/** Tool definitions from span columns and tool_definitions blocks, de-duplicated, sorted by name. */
function collectToolDefinitions(contents: SpanContents, sources: MessageSource[]) {
  const byKey = new Map<string, unknown>();
  const add = (defs: unknown) => {
    if (!Array.isArray(defs)) return;
    for (const def of defs) byKey.set(JSON.stringify(def), def);
  };
  for (const content of contents.values()) add(content.toolDefinitions);
  for (const source of sources) {
    for (const message of source.messages) for (const block of message.content) if (block.type === 'tool_definitions') add(block.tools);
  }
  const named = [...byKey.values()].map((def) => ({ def, name: toolName(def) }));
  named.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    definitions: named.map((n) => n.def),
    names: [...new Set(named.map((n) => n.name).filter((n): n is string => n !== null))],
  };
}

function toolName(def: unknown): string | null {
  if (typeof def !== 'object' || def === null) return null;
  const record = def as { name?: unknown; function?: { name?: unknown } };
  if (typeof record.name === 'string') return record.name;
  if (typeof record.function?.name === 'string') return record.function.name;
  return null;
}
