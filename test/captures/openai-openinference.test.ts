// Golden capture: the official `openai` client instrumented by OpenInference
// (@arizeai/openinference-instrumentation-openai), recorded against the fake LLM (tool loop,
// streamed tool loop, embeddings) and replayed into a real tracelite. Standard checks in
// capture-suite.ts; expectations in test/fixtures/captures/openai-openinference/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const capture = describeCapture('openai-openinference', []);

describe('openai-openinference: beyond the standard checks', () => {
  it('the tool result is tied to the call it answers', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', 'weather-agent'));
    const toolUse = view.messages.flatMap((m: any) => m.content).find((b: any) => b.type === 'tool_use');
    const toolResult = view.messages.flatMap((m: any) => m.content).find((b: any) => b.type === 'tool_result');
    expect(toolResult.tool_use_id).toBe(toolUse.id);
  });
});

describe('openai-openinference: each tool call once (issue #18 item 4)', () => {
  it.each(['weather-agent', 'weather-agent-stream'])('%s: one tool_use and one tool_result, both with the call id and name', async (traceName) => {
    const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', traceName));
    const blocks = view.messages.flatMap((m: any) => m.content);
    expect(blocks.filter((b: any) => b.type === 'tool_use')).toEqual([{ type: 'tool_use', id: 'call_weather_1', name: 'get_weather', input: { city: 'Paris' } }]);
    expect(blocks.filter((b: any) => b.type === 'tool_result').map((b: any) => b.tool_use_id)).toEqual(['call_weather_1']);
    expect(blocks.filter((b: any) => b.type === 'unknown')).toEqual([]);
  });
});
