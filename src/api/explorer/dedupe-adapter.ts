// QUERY/SERVE (explorer): adapts the conversation de-duplication of src/genai/messages
// to the explorer's rows, keeping for every surviving message the span it came from.
import { dedupeConversation, type ConversationItem } from '../../genai/messages/dedupe.js';
import { createMessageHash } from '../../genai/messages/message-hash.js';
import type { SideMLMessage } from '../../genai/types.js';
import type { MessageSpanRecord } from '../../store/read/span-queries.js';

export interface MessageSource {
  span: MessageSpanRecord;
  messages: SideMLMessage[];
  /** Set for GenAI log records: their time, in place of the span's. */
  timeNs?: string;
  /** Set for log records that name their span: one call's records (a message each) are one
   *  history, so a user who said "yes", "yes" keeps both. */
  sequenceKey?: string;
}

export interface AttributedMessage {
  message: SideMLMessage;
  source: MessageSource;
}

/** The sources' messages as one conversation, each turn once, with the span that first said it. */
export function dedupeSpanMessages(sources: MessageSource[]): AttributedMessage[] {
  const items: ConversationItem[] = sources.map((source) => ({
    spanId: source.span.span_id,
    startTimeUnixNano: BigInt(source.timeNs ?? source.span.start_ns),
    endTimeUnixNano: BigInt(source.timeNs ?? source.span.end_ns),
    messages: source.messages,
    ...(source.sequenceKey !== undefined ? { sequenceKey: source.sequenceKey } : {}),
  }));
  const byObject = new Map<SideMLMessage, MessageSource>();
  const byHash = new Map<string, MessageSource>();
  for (const source of sources) {
    for (const message of source.messages) {
      byObject.set(message, source);
      const hash = createMessageHash(message);
      if (!byHash.has(hash)) byHash.set(hash, source);
    }
  }
  const out: AttributedMessage[] = [];
  for (const message of dedupeConversation(items)) {
    // Merged copies are new objects; their content hash still names where the turn came from.
    const source = byObject.get(message) ?? byHash.get(createMessageHash(message)) ?? sources[0];
    if (source) out.push({ message, source });
  }
  return out;
}
