// Golden capture: the official `openai` client instrumented by OpenLLMetry-JS 0.22.5, the last
// release with indexed gen_ai.prompt.N.* / gen_ai.completion.N.* attributes (recorder in
// test/captures/recorders/traceloop-legacy/). Standard checks in capture-suite.ts; expectations
// in test/fixtures/captures/openai-traceloop-legacy/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const capture = describeCapture('openai-traceloop-legacy', []);

describe('openai-traceloop-legacy: beyond the standard checks', () => {
  it('the tool-call-only assistant turn recorded as content "null" adds no message', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', 'weather-agent'));
    const assistantTexts = view.messages.filter((m: any) => m.role === 'assistant').flatMap((m: any) => m.content).filter((b: any) => b.type === 'text');
    expect(assistantTexts.map((b: any) => b.text)).toEqual(['It is 18°C and sunny in Paris.']);
  });

  it('tool definitions from llm.request.functions.N.arguments keep their JSON schema', async () => {
    const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', 'weather-agent'));
    expect(view.tool_definitions).toHaveLength(1);
    expect(JSON.stringify(view.tool_definitions[0])).toContain('"required":["city"]');
  });
});
