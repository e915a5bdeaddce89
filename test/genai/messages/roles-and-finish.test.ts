// Role folding and finish-reason normalization tables.

import { describe, expect, it } from 'vitest';
import { normalizeFinishReason } from '../../../src/genai/messages/finish-reason.js';
import { normalizeRole } from '../../../src/genai/messages/roles.js';

describe('normalizeRole', () => {
  it.each([
    ['developer', 'system'],
    ['system', 'system'],
    ['human', 'user'],
    ['User', 'user'],
    ['ai', 'assistant'],
    ['model', 'assistant'],
    ['bot', 'assistant'],
    ['assistant', 'assistant'],
    ['function', 'tool'],
    ['tool', 'tool'],
    ['ipython', 'tool'],
  ])('%s -> %s', (raw, role) => expect(normalizeRole(raw)).toBe(role));

  it.each([['narrator'], [''], [42], [null]])('%s -> null', (raw) => expect(normalizeRole(raw)).toBeNull());
});

describe('normalizeFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['STOP', 'stop'],
    ['FinishReason.STOP', 'stop'],
    ['max_tokens', 'length'],
    ['MAX_TOKENS', 'length'],
    ['length', 'length'],
    ['tool_calls', 'tool_use'],
    ['function_call', 'tool_use'],
    ['tool-calls', 'tool_use'],
    ['toolUse', 'tool_use'],
    ['tool_use', 'tool_use'],
    ['content_filter', 'content_filter'],
    ['content-filter', 'content_filter'],
    ['SAFETY', 'content_filter'],
    ['guardrail_intervened', 'content_filter'],
    ['error', 'error'],
    ['MALFORMED_FUNCTION_CALL', 'error'],
  ])('%s -> %s', (raw, reason) => expect(normalizeFinishReason(raw)).toBe(reason));

  it.each([['other'], ['unknown'], [''], [7]])('%s -> null (raw kept by callers)', (raw) => expect(normalizeFinishReason(raw)).toBeNull());
});
