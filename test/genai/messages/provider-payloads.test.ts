// Table tests for provider payload shapes (OpenAI chat + responses, Anthropic, Bedrock Converse,
// Gemini) read by the shared payload reader; expectations written by hand in providers.json.

import { describe, expect, it } from 'vitest';
import { readPayloadMessages } from '../../../src/genai/messages/payload.js';
import type { SideMLMessage } from '../../../src/genai/types.js';
import { loadFixture, withoutSource } from './span-fixtures.js';

interface PayloadCase {
  name: string;
  direction: 'input' | 'output';
  payload: unknown;
  expected: Omit<SideMLMessage, 'source'>[];
}

describe('readPayloadMessages: provider shapes', () => {
  const { cases } = loadFixture<{ cases: PayloadCase[] }>('providers.json');
  for (const testCase of cases) {
    it(testCase.name, () => {
      const messages = readPayloadMessages(testCase.payload, testCase.direction, 'test');
      expect(withoutSource(messages ?? [])).toEqual(testCase.expected);
    });
  }
});
