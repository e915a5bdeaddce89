// Golden tests on the real captures in ../shared/fixtures/sideseat (Vercel AI SDK, CrewAI via
// OpenInference): decode each export with the OTLP/JSON decoder, extract every span's messages,
// de-duplicate per trace, and compare with conversations written by hand.

import { describe, expect, it } from 'vitest';
import { dedupeConversation, type ConversationItem } from '../../../src/genai/messages/dedupe.js';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import { decodeTraceRequestJson } from '../../../src/otlp/decode-json.js';
import type { ContentBlock, SideMLMessage } from '../../../src/genai/types.js';
import { loadJsonFixture } from '../../helpers/fixtures.js';
import { loadFixture } from './span-fixtures.js';

interface GoldenFile {
  captures: { file: string; traces: Record<string, unknown[]> }[];
}

function projectValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length < 120 ? value : 'string';
  if (value !== null && typeof value === 'object') return JSON.stringify(value).length < 200 ? value : 'object';
  return value;
}

/** Text is compared as a prefix: the expected file holds the first words, whitespace collapsed. */
function projectBlock(block: ContentBlock, expected: unknown): unknown {
  switch (block.type) {
    case 'text': {
      const prefix = (expected as { text?: unknown } | undefined)?.text;
      const length = typeof prefix === 'string' ? prefix.length : 60;
      return { text: block.text.replace(/\s+/g, ' ').trim().slice(0, length) };
    }
    case 'tool_use':
      return { tool_use: block.name, id: block.id, input: projectValue(block.input) };
    case 'tool_result':
      return { tool_result: block.tool_use_id, content: projectValue(block.content) };
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'file':
      return { media: block.type };
    default:
      return { type: block.type };
  }
}

function projectMessage(message: SideMLMessage, expected: unknown): unknown {
  const expectedBlocks = (expected as { blocks?: unknown[] } | undefined)?.blocks ?? [];
  const blocks = message.content.map((block, i) => projectBlock(block, expectedBlocks[i]));
  const projected: Record<string, unknown> = { role: message.role, direction: message.direction, blocks };
  if (message.finish_reason) projected.finish_reason = message.finish_reason;
  return projected;
}

function collectTraceItems(requests: unknown[]): Map<string, ConversationItem[]> {
  const byTrace = new Map<string, ConversationItem[]>();
  for (const request of requests) {
    const decoded = decodeTraceRequestJson(JSON.stringify(request));
    for (const rs of decoded.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          const { messages } = extractMessages(span, rs.resource, ss.scope);
          const items = byTrace.get(span.traceId) ?? [];
          items.push({ spanId: span.spanId, startTimeUnixNano: span.startTimeUnixNano, endTimeUnixNano: span.endTimeUnixNano, messages });
          byTrace.set(span.traceId, items);
        }
      }
    }
  }
  return byTrace;
}

describe('golden conversations from real captures', () => {
  const golden = loadFixture<GoldenFile>('golden-conversations.json');
  const captures = new Map(loadJsonFixture().map((capture) => [capture.name, capture.requests]));
  for (const { file, traces } of golden.captures) {
    const byTrace = collectTraceItems(captures.get(file) ?? []);
    for (const [traceId, expected] of Object.entries(traces)) {
      it(`${file} trace ${traceId}`, () => {
        const items = byTrace.get(traceId);
        expect(items, 'trace present in capture').toBeDefined();
        expect(dedupeConversation(items!).map((message, i) => projectMessage(message, expected[i]))).toEqual(expected);
      });
    }
  }
});
