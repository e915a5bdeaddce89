// Golden capture: OpenAI Agents SDK runs (Chat Completions and Responses models, weather tool) bridged to OTel
// by OpenInference (@arizeai/openinference-instrumentation-openai-agents), recorded against the
// fake LLM by test/captures/recorders/openai-agents and replayed into a real tracelite. Standard
// checks in capture-suite.ts; expectations in test/fixtures/captures/openai-agents-openinference/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const capture = describeCapture('openai-agents-openinference', []);

describe('openai-agents-openinference: beyond the standard checks', () => {
  it.each(['weather-agent', 'weather-agent-responses'])("%s: the tool span's id-less copy of the call and of the result does not repeat them (issue #18 item 4)", async (traceName) => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', traceName));
    const blocks = view.messages.flatMap((m: any) => m.content);
    expect(blocks.filter((b: any) => b.type === 'tool_use')).toEqual([{ type: 'tool_use', id: 'call_weather_1', name: 'get_weather', input: { city: 'Paris' } }]);
    expect(blocks.filter((b: any) => b.type === 'tool_result').map((b: any) => b.tool_use_id)).toEqual(['call_weather_1']);
  });

  it('only the model calls name a provider, though the bridge sets llm.system on every span', async () => {
    const flatten = (spans: any[]): any[] => spans.flatMap((s) => [s, ...flatten(s.children ?? [])]);
    const spans = flatten((await capture.api('protobuf').getTrace(await capture.traceId('protobuf', 'weather-agent'))).spans);
    expect(spans.filter((s) => s.provider !== null).map((s) => s.observation_type)).toEqual(['generation', 'generation']);
  });
});
