// Golden capture: the Vercel AI SDK (ai 6 + @ai-sdk/openai, chat completions) with telemetry
// on, recorded against the fake LLM (generateText tool loop, streamText tool loop, embed) and
// replayed into a real tracelite. Standard checks in capture-suite.ts; expectations in
// test/fixtures/captures/vercel-ai-openai/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';
import { expectCost, flattenSpans } from './capture-api.js';

const capture = describeCapture('vercel-ai-openai', []);

describe('vercel-ai-openai: beyond the standard checks', () => {
  it('the Langfuse trace view counts each generation once (wrapper usage not added again)', async () => {
    const res = await fetch(`${capture.server().apiUrl}/api/public/traces`, { headers: { 'x-project-id': 'vercel-ai-openai-json' } });
    const traces = ((await res.json()) as { data: any[] }).data;
    const byName = new Map(traces.map((t) => [t.name, t]));
    expectCost(byName.get('weather-agent')?.totalCost, 0.0000552, 'weather-agent totalCost');
    expectCost(byName.get('weather-agent-stream')?.totalCost, 0.0000552, 'weather-agent-stream totalCost');
    expectCost(byName.get('weather-embed')?.totalCost, 1.6e-7, 'weather-embed totalCost');
    expect(byName.get('weather-agent')).toMatchObject({ sessionId: 'sess-generate', userId: 'user-42', environment: 'test' });
  });

  it('a streamed step gets its completion start from ai.response.msToFirstChunk', async () => {
    // Recorded: first doStream started 04:27:51.395Z with msToFirstChunk 78.5300430000002.
    const traceId = await capture.traceId('json', 'weather-agent-stream');
    const spans = flattenSpans((await capture.api('json').getTrace(traceId)).spans).filter((s) => s.span_name === 'ai.streamText.doStream');
    expect(spans[0]).toMatchObject({ timestamp_start: '2026-11-22T04:27:51.395Z', completion_start_time: '2026-11-22T04:27:51.473530043Z' });
  });

  it('the conversation view lists the tool the model was offered', async () => {
    const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', 'weather-agent'));
    expect(view.tool_definitions).toEqual([
      {
        type: 'function', name: 'get_weather', description: 'Get the current weather for a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'], additionalProperties: false },
      },
    ]);
    expect(view.metadata).toMatchObject({ total_messages: 5, total_tokens: 310, span_count: 4 });
  });
});
