// A stored span's conversation text (input_text / output_text), derived from its raw columns
// by the same normalizer ingest uses. Shared by the API (rows whose text is not indexed yet),
// the read connection's SQL functions and the writer's text indexer: one derivation, so the
// index and the fallback scan always agree.
import { extractMessages } from './genai/messages/extract-messages.js';
import { createConversationText, type ConversationText } from './genai/messages/conversation-text.js';
import { reviveStoredSpan, type StoredSpanColumns } from './store/shared/stored-span.js';

export function deriveSpanText(row: StoredSpanColumns): ConversationText {
  try {
    const { span, resource, scope } = reviveStoredSpan(row);
    return createConversationText(extractMessages(span, resource, scope));
  } catch {
    return { input: null, output: null }; // a corrupt stored row must not fail a query or the indexer
  }
}
