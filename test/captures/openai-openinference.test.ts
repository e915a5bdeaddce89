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
