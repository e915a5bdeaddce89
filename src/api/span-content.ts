// QUERY/SERVE: a span's conversation (SideML messages, tool definitions, convention
// input/output), derived at read time from its stored raw attributes and events by the
// same normalizer ingest uses. Stored once as raw data instead of a second, normalized
// copy: that copy cost ~1.9 KB per span on the write path, and re-deriving means a
// better normalizer improves already-stored spans too.
import { extractMessages, type ExtractedMessages } from '../genai/messages/extract-messages.js';
import { reviveStoredSpan, type StoredSpanColumns } from '../store/shared/stored-span.js';

const EMPTY: ExtractedMessages = { messages: [], toolDefinitions: [], input: null, output: null, inputPreview: null, outputPreview: null };

export function readSpanContent(row: StoredSpanColumns): ExtractedMessages {
  try {
    const { span, resource, scope } = reviveStoredSpan(row);
    return extractMessages(span, resource, scope);
  } catch {
    return EMPTY; // extractMessages never throws; a corrupt stored row must not either
  }
}
