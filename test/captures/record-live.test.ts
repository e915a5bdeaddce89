// The recording still matches the committed capture: drives the Vercel AI SDK against the fake
// LLM now (in memory, no fixture written) and compares what is timing-independent — which spans
// exist, how they nest, and the usage they carry — with test/fixtures/captures/vercel-ai-openai.
// Fails when an upgrade of `ai` changes its telemetry, i.e. when the fixture needs re-recording.
import { expect, it } from 'vitest';
import { recordCase } from './record/capture-recorder.js';
import { driveVercelAi } from './record/drive-vercel-ai.js';
import { loadCapture } from './replay-capture.js';

interface JsonSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { intValue?: number | string; stringValue?: string } }[];
}

/** One line per span: parent name > name, and its token counts; sorted so timing cannot matter. */
function describeSpans(traces: unknown): string[] {
  const spans = (traces as { resourceSpans: { scopeSpans: { spans: JsonSpan[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  const names = new Map(spans.map((s) => [s.spanId, s.name]));
  const attribute = (span: JsonSpan, key: string) => {
    const value = span.attributes.find((a) => a.key === key)?.value;
    return value?.intValue ?? value?.stringValue ?? '-';
  };
  return spans
    .map((s) => `${names.get(s.parentSpanId ?? '') ?? '(root)'} > ${s.name} fn=${attribute(s, 'ai.telemetry.functionId')} in=${attribute(s, 'ai.usage.inputTokens')} out=${attribute(s, 'ai.usage.outputTokens')} cached=${attribute(s, 'ai.usage.cachedInputTokens')}`)
    .sort();
}

it('a fresh Vercel AI SDK recording has the spans and usage of the committed fixture', async () => {
  const recorded = await recordCase((baseUrl) => driveVercelAi(baseUrl));
  expect(describeSpans(recorded.traces)).toEqual(describeSpans(loadCapture('vercel-ai-openai').traces));
  expect(recorded.logs).toBeNull();
  expect(recorded.llmRequests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions', '/v1/chat/completions', '/v1/chat/completions', '/v1/embeddings']);
});
