// Golden capture: a Mastra agent (@mastra/core 0.24.9, AI tracing) with the weather tool on an
// OpenAI-compatible model, exported by @mastra/otel-exporter 0.3.3 over OTLP/HTTP JSON (recorder in
// test/captures/recorders/mastra/). Standard checks in capture-suite.ts; expectations in
// test/fixtures/captures/mastra-openai/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const capture = describeCapture('mastra-openai', []);

describe('mastra-openai: beyond the standard checks', () => {
  it('the tool definition sent in the step request reaches the conversation view', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', 'agent.weather-agent'));
    expect(view.tool_definitions).toHaveLength(1);
    expect(JSON.stringify(view.tool_definitions[0])).toContain('get_weather');
  });
});
