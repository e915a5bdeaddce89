// Golden capture: the official `openai` client instrumented by the OpenTelemetry contrib
// @opentelemetry/instrumentation-openai, which puts every prompt and choice in OTLP log records
// (gen_ai.*.message / gen_ai.choice events) beside content-free spans. Recorded against the fake
// LLM and replayed (traces, then logs) into a real tracelite. Standard checks in
// capture-suite.ts; expectations in test/fixtures/captures/openai-otel-contrib/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';
import { flattenSpans } from './capture-api.js';

const capture = describeCapture('openai-otel-contrib', []);

describe('openai-otel-contrib: beyond the standard checks', () => {
  it('each log-record message is shown under the chat span that emitted it', async () => {
    const traceId = await capture.traceId('json', 'weather-agent');
    const chats = flattenSpans((await capture.api('json').getTrace(traceId)).spans).filter((s) => s.span_name === 'chat gpt-4o-mini');
    const view = await capture.api('json').getMessages(traceId);
    // Turn 1 logged system, user and the tool-call choice; turn 2 added the tool result and the answer.
    expect(view.messages.map((m: any) => m.span_id)).toEqual([chats[0].span_id, chats[0].span_id, chats[0].span_id, chats[1].span_id, chats[1].span_id]);
  });

  // Gap: the content only arrives in log records, and the trace list's previews are taken
  // from span attributes alone, so this trace lists with no input/output preview.
  it('the trace list previews the question and the answer from the log records', async () => {
    const listed = (await capture.api('json').listTraces()).find((t) => t.trace_name === 'weather-agent');
    expect(listed).toMatchObject({ input_preview: 'What is the weather in Paris?', output_preview: 'It is 18°C and sunny in Paris.' });
  });
});
