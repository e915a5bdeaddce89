// Golden capture (built from the Python libraries' source, see the case's expected.json `about`):
// Strands Agents with an OpenAI model on Bedrock AgentCore, exported through ADOT, which moves
// every span's GenAI events into one log record per span ({input:{messages}, output:{messages}}).
// The whole conversation is only in those records. Standard checks in capture-suite.ts.
import { describe, expect, it } from 'vitest';
import { describeCapture } from './capture-suite.js';

const CASE = 'agentcore-strands-openai-adot';
const capture = describeCapture(CASE, ['span-finish-reasons']);

describe(`${CASE}: beyond the standard checks`, () => {
  it('each turn is attributed to the span whose ADOT record said it first', async () => {
    const view = await capture.api('json').getMessages(await capture.traceId('json', 'invoke_agent weather_agent'));
    const bySpan = view.messages.map((m: any) => `${m.role}@${m.span_id}`);
    // The question and the call come from chat 1's record, the result from execute_tool's, the answer from chat 2's.
    expect(bySpan).toEqual(['user@a100000000000003', 'assistant@a100000000000003', 'tool@a100000000000005', 'assistant@a100000000000007']);
  });

  it('the ADOT records keep the session of their spans', async () => {
    const listed = (await capture.api('protobuf').listTraces())[0];
    expect(listed.session_id).toBe('agentcore-session-openai-0001');
  });
});
