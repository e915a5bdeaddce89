// Golden captures: a Strands Agents (TypeScript SDK 1.16.0) agent with the weather tool and
// Strands' OpenAI model provider, recorded against the fake LLM by test/captures/recorders/strands
// and replayed into a real tracelite, once per semconv mode: `strands-openai` (default) and
// `strands-openai-latest` (OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: messages as
// `parts` on gen_ai.client.inference.operation.details events). Standard checks in
// capture-suite.ts; expectations in test/fixtures/captures/<case>/expected.json.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';
import { loadExpected } from './replay-capture.js';

const TRACE = 'invoke_agent weather_agent';

for (const CASE of ['strands-openai', 'strands-openai-latest']) {
  const capture = describeCapture(CASE, []);
  const expected = loadExpected(CASE).traces[0];

  describe(`${CASE}: beyond the standard checks`, () => {
    it('tool definitions are the names Strands lists in gen_ai.agent.tools', async () => {
      const view = await capture.api('json').getMessages(await capture.traceId('json', TRACE));
      expect(view.tool_definitions).toEqual(expected.tool_definitions);
    });

    it("no turn shows Strands' content blocks as JSON text", async () => {
      const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', TRACE));
      const texts = view.messages.flatMap((m: any) => m.content).filter((b: any) => b.type === 'text').map((b: any) => b.text);
      expect(texts.filter((text: string) => /toolUse|toolResult|^\s*\[\{/.test(text))).toEqual([]);
    });

    it('the tool result is tied to the call it answers', async () => {
      const view = await capture.api('json').getMessages(await capture.traceId('json', TRACE));
      const blocks = view.messages.flatMap((m: any) => m.content);
      const toolUse = blocks.find((b: any) => b.type === 'tool_use');
      expect(blocks.find((b: any) => b.type === 'tool_result').tool_use_id).toBe(toolUse.id);
    });
  });
}
