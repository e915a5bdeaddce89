// Golden capture: a LangGraph.js ReAct agent (createReactAgent + ChatOpenAI on Chat Completions)
// traced by OpenInference (@arizeai/openinference-instrumentation-langchain), recorded against the
// fake LLM by test/captures/recorders/langgraph and replayed into a real tracelite. Standard checks
// in capture-suite.ts; expectations in test/fixtures/captures/langgraph-openinference/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const capture = describeCapture('langgraph-openinference', []);

describe('langgraph-openinference: beyond the standard checks', () => {
  it('the tool call and its result carry the id that only input.value / output.value recorded', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', 'weather-agent'));
    const blocks = view.messages.flatMap((m: any) => m.content);
    expect(blocks.filter((b: any) => b.type === 'tool_use').map((b: any) => b.id)).toEqual(['call_weather_1']);
    expect(blocks.filter((b: any) => b.type === 'tool_result').map((b: any) => b.tool_use_id)).toEqual(['call_weather_1']);
  });

  it('the tool span alone ties its result to the call through the ToolMessage it returned', async () => {
    const traceId = await capture.traceId('protobuf', 'weather-agent');
    const flatten = (spans: any[]): any[] => spans.flatMap((s) => [s, ...flatten(s.children ?? [])]);
    const toolSpan = flatten((await capture.api('protobuf').getTrace(traceId)).spans).find((s) => s.observation_type === 'tool');
    const url = `${capture.server().apiUrl}/api/v1/project/langgraph-openinference-protobuf/otel/traces/${traceId}/spans/${toolSpan.span_id}/messages`;
    const view: any = await (await fetch(url)).json();
    const result = view.messages.flatMap((m: any) => m.content).find((b: any) => b.type === 'tool_result');
    expect(result).toEqual({ type: 'tool_result', tool_use_id: 'call_weather_1', content: '{"city":"Paris","temperatureC":18,"condition":"sunny"}' });
  });

  it('the tool definition recorded on the LLM spans is listed once', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', 'weather-agent'));
    expect(view.tool_definitions.map((t: any) => t.function?.name ?? t.name)).toEqual(['get_weather']);
  });
});
