// Golden capture: the official `openai` client instrumented by OpenLLMetry
// (@traceloop/instrumentation-openai 0.27, new gen_ai.input/output.messages attributes),
// recorded against the fake LLM (tool loop, streamed tool loop) and replayed into a real
// tracelite. Standard checks in capture-suite.ts; expectations in
// test/fixtures/captures/openai-traceloop/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const capture = describeCapture('openai-traceloop', []);

describe('openai-traceloop: beyond the standard checks', () => {
  it('tool definitions from gen_ai.tool.definitions reach the conversation view', async () => {
    const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', 'weather-agent'));
    expect(view.tool_definitions).toHaveLength(1);
    expect(JSON.stringify(view.tool_definitions[0])).toContain('get_weather');
  });
});
