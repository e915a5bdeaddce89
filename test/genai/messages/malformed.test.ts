// Malformed and hostile inputs never throw and degrade to unknown blocks or no messages.

import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import { extractLogMessages } from '../../../src/genai/messages/log-messages.js';
import { KvList, type OtlpSpan } from '../../../src/otlp/model.js';
import { decodeLogs, decodeSpans } from './span-fixtures.js';

function extractFrom(attributes: Record<string, unknown>) {
  const [{ span, resource, scope }] = decodeSpans([{ attributes }]);
  return extractMessages(span!, resource!, scope!);
}

describe('malformed inputs', () => {
  it('non-JSON where JSON was expected: an unknown block (raw kept), a bare string stays text', () => {
    const result = extractFrom({ 'gen_ai.input.messages': '[{"role": "user", "parts": [', 'gen_ai.output.messages': 'not json' });
    expect(result.input).toBe('[{"role": "user", "parts": [');
    expect(result.messages).toEqual([
      { role: 'user', direction: 'input', content: [{ type: 'unknown', raw: '[{"role": "user", "parts": [' }], source: 'gen_ai.input.messages' },
      { role: 'assistant', direction: 'output', content: [{ type: 'text', text: 'not json' }], source: 'gen_ai.output.messages' },
    ]);
  });

  it('wrong types inside messages degrade to unknown blocks or skipped messages', () => {
    const result = extractFrom({
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [42, null, { type: 'text', content: 'ok' }] }, { role: 'narrator', parts: [] }, 'stray', 7]),
    });
    expect(result.messages[0]).toMatchObject({ role: 'user', content: [{ type: 'unknown', raw: 42 }, { type: 'unknown', raw: null }, { type: 'text', text: 'ok' }] });
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'user']);
  });

  it('numbers as strings and indexed keys with gaps or junk indices', () => {
    const result = extractFrom({
      'llm.input_messages.x.message.role': 'user',
      'llm.input_messages.2.message.role': 'user',
      'llm.input_messages.2.message.content': 12,
      'llm.output_messages.0.message.content': 'fine',
    });
    expect(result.messages).toMatchObject([
      { role: 'user', content: [{ type: 'text', text: '12' }] },
      { role: 'assistant', direction: 'output', content: [{ type: 'text', text: 'fine' }] },
    ]);
  });

  it('huge arrays are cut, not fatal', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ role: 'user', content: `m${i}` }));
    const result = extractFrom({ 'ai.prompt.messages': JSON.stringify(many) });
    expect(result.messages.length).toBe(2000);
    expect(result.inputPreview).toBe('m1999');
  });

  it('a span built by hand with odd attribute values does not throw', () => {
    const span = {
      traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: '', traceState: '', flags: 0, name: 'x', kind: 1,
      startTimeUnixNano: 1n, endTimeUnixNano: 2n, droppedAttributesCount: 0, events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0,
      status: { code: 0, message: '' },
      attributes: {
        'gen_ai.input.messages': new KvList({ role: 'user', parts: [new Uint8Array([1, 2])] }),
        'gen_ai.output.messages': 2n ** 70n,
        'ai.prompt.tools': 'nope',
        'llm.input_messages.0.message.contents.0.message_content.type': 'image',
        'input.value': new Uint8Array([0xff]),
      },
    } as unknown as OtlpSpan;
    const result = extractMessages(span, { attributes: {}, droppedAttributesCount: 0 }, { name: '', version: '', attributes: {}, droppedAttributesCount: 0 });
    // bytes become base64 text; the 2^70 integer survives as a decimal string.
    expect(result.messages[0]).toMatchObject({ role: 'user', content: [{ type: 'text', text: 'AQI=' }] });
    expect(result.messages[1]).toMatchObject({ role: 'assistant', direction: 'output', content: [{ type: 'text', text: (2n ** 70n).toString() }] });
  });

  it('log records that are not GenAI events give no messages', () => {
    const [plain, broken] = decodeLogs([{ body: 'GET /health 200' }, { eventName: 'gen_ai.choice', body: 'x' }]);
    expect(extractLogMessages(plain!.log, plain!.resource, plain!.scope)).toEqual([]);
    expect(extractLogMessages(broken!.log, broken!.resource, broken!.scope)).toMatchObject([{ role: 'assistant', content: [{ type: 'text', text: 'x' }] }]);
  });
});
