// OpenLLMetry's LangChain tool spans: gen_ai.tool.call.arguments|result hold callback payloads
// (callback_handler.py on_tool_start / on_tool_end, 0.62.1), not the call's own values.
import { describe, expect, it } from 'vitest';
import { unwrapLangChainToolPayloads } from '../../../src/genai/messages/langchain-tool-payload.js';

const toolMessage = (status: string) => ({
  lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', 'ToolMessage'],
  kwargs: { content: '{"city": "Paris"}', type: 'tool', name: 'get_weather', tool_call_id: 'tu_1', status },
});

describe('unwrapLangChainToolPayloads', () => {
  it('reads the inputs, and the ToolMessage content and call id of the result', () => {
    const input = { input_str: "{'city': 'Paris'}", tags: null, metadata: null, inputs: { city: 'Paris' }, kwargs: { color: 'green', name: null } };
    expect(unwrapLangChainToolPayloads(null, input, { output: toolMessage('success'), kwargs: { name: 'get_weather' } })).toEqual({
      id: 'tu_1', input: { city: 'Paris' }, output: '{"city": "Paris"}', isError: false,
    });
  });

  it('an error ToolMessage marks the result; a plain output is unwrapped; a span\'s own call id wins', () => {
    expect(unwrapLangChainToolPayloads('own', { input_str: '{"q": 1}', kwargs: {} }, { output: toolMessage('error'), kwargs: {} })).toEqual({ id: 'own', input: { q: 1 }, output: '{"city": "Paris"}', isError: true });
    expect(unwrapLangChainToolPayloads(null, { input_str: 'plain', inputs: null, kwargs: {} }, { output: '18C', kwargs: {} })).toEqual({ id: null, input: 'plain', output: '18C', isError: false });
  });

  it('other shapes pass through unchanged', () => {
    expect(unwrapLangChainToolPayloads('c1', { city: 'Paris' }, { temperature: 18 })).toEqual({ id: 'c1', input: { city: 'Paris' }, output: { temperature: 18 }, isError: false });
  });
});
