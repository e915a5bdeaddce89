// Golden capture (built from the Python libraries' source, see the case's expected.json `about`):
// LangChain's ChatBedrockConverse instrumented by OpenLLMetry, over the botocore Bedrock
// instrumentation, on AgentCore through ADOT: each LangChain chat span has a botocore CLIENT
// child with the same usage, and the conversation is split between ADOT's per-span records and
// botocore's per-message records. Standard checks in capture-suite.ts.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const CASE = 'agentcore-langchain-bedrock-adot';
const TRACE = 'POST /invocations';
const capture = describeCapture(CASE, []);

describe(`${CASE}: beyond the standard checks`, () => {
  it('the JSON text OpenLLMetry makes of a tool_use content block is not shown as text', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', TRACE));
    const texts = view.messages.flatMap((m: any) => m.content).filter((b: any) => b.type === 'text').map((b: any) => b.text);
    expect(texts.some((t: string) => t.includes('"tool_use"'))).toBe(false);
  });

  it('the tool span\'s callback payloads (ADOT record, gen_ai.tool.call.*) add no turn: its call and result are the model\'s', async () => {
    const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', TRACE));
    expect(JSON.stringify(view.messages)).not.toContain('input_str');
    const toolTurns = view.messages.filter((m: any) => m.content.some((b: any) => b.type === 'tool_use' || b.type === 'tool_result'));
    expect(toolTurns.flatMap((m: any) => m.content.map((b: any) => b.id ?? b.tool_use_id).filter(Boolean))).toEqual(['tooluse_Lc7pQ2mN9xR4sT6uV8wY0z', 'tooluse_Lc7pQ2mN9xR4sT6uV8wY0z']);
  });
});
