// Table tests: each fixture file under test/fixtures/messages/ holds real-shaped spans of one
// convention and the expected extraction, written by hand.

import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import type { SideMLMessage } from '../../../src/genai/types.js';
import { decodeSpans, loadFixture, withoutSource, type SpanSpec } from './span-fixtures.js';

interface SpanCase {
  name: string;
  span: SpanSpec;
  expected: {
    messages: Omit<SideMLMessage, 'source'>[];
    toolDefinitions?: unknown[];
    input?: unknown;
    output?: unknown;
    inputPreview?: string | null;
    outputPreview?: string | null;
  };
}

const FILES = ['otel-genai.json', 'openinference.json', 'openinference-spec.json', 'traceloop.json', 'vercel-ai.json', 'span-events.json', 'frameworks.json'];

for (const file of FILES) {
  describe(`extractMessages: ${file}`, () => {
    const { cases } = loadFixture<{ cases: SpanCase[] }>(file);
    for (const testCase of cases) {
      it(testCase.name, () => {
        const [{ span, resource, scope }] = decodeSpans([testCase.span]);
        const result = extractMessages(span!, resource!, scope!);
        expect(withoutSource(result.messages)).toEqual(testCase.expected.messages);
        for (const field of ['toolDefinitions', 'input', 'output', 'inputPreview', 'outputPreview'] as const) {
          if (field in testCase.expected) expect(result[field], field).toEqual(testCase.expected[field]);
        }
      });
    }
  });
}
