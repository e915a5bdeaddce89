// Golden capture (built from the Python libraries' source, see the case's expected.json `about`):
// Strands Agents with a Bedrock model on AgentCore through ADOT: Strands `chat` spans with
// botocore `chat <model id>` CLIENT children reporting the same usage, botocore's per-message
// GenAI log records (each tool call listed twice in an assistant record), and a restored
// history in which the user really said "Hello" three times. Standard checks in capture-suite.ts.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const CASE = 'agentcore-strands-bedrock-adot';
const TRACE = 'invoke_agent weather_agent';
const capture = describeCapture(CASE, ['span-finish-reasons']);

describe(`${CASE}: beyond the standard checks`, () => {
  it('a user who said "Hello" three times keeps three turns; the next call re-sending them adds none', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', TRACE));
    const hellos = view.messages.filter((m: any) => m.role === 'user' && m.content[0]?.text === 'Hello');
    expect(hellos).toHaveLength(3);
    // All three come from the first Bedrock call's records, the one that first sent the history.
    expect(new Set(hellos.map((m: any) => m.span_id))).toEqual(new Set(['b200000000000004']));
  });

  it('one tool call, one tool_use block, one tool result', async () => {
    const view = await capture.api('protobuf').getMessages(await capture.traceId('protobuf', TRACE));
    const blocks = view.messages.flatMap((m: any) => m.content);
    expect(blocks.filter((b: any) => b.type === 'tool_use')).toHaveLength(1);
    expect(blocks.filter((b: any) => b.type === 'tool_result')).toHaveLength(1);
  });

  it('the trace list previews the question this invocation answered, not the restored history', async () => {
    const listed = (await capture.api('json').listTraces())[0];
    expect(listed.input_preview).toBe('What is the weather in Paris?');
  });
});
