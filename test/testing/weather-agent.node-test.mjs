// The example of docs/ci.md under node:test (run by weather-agent-node-test.test.ts as
// `node --import tsx --test …`): the same receiver, no vitest anywhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getMessageText, startReceiver } from 'tracelite/testing';
import { createTracing, runWeatherAgent } from './weather-agent.ts';

let receiver;

before(async () => {
  receiver = await startReceiver();
  Object.assign(process.env, receiver.env); // the agent's OTLP exporter reads these
});

after(async () => {
  await receiver?.close();
});

test('the agent called get_weather once and answered with the tool result', async () => {
  const tracing = createTracing();
  await runWeatherAgent(tracing.getTracer('weather-agent'), 'What is the weather in Paris?');
  await tracing.shutdown(); // flushes the batch of spans to the receiver

  const [run] = await receiver.waitForTraces({ count: 1 });
  const toolCalls = await receiver.observations({ type: 'tool', name: 'get_weather', traceId: run.trace_id });
  assert.equal(toolCalls.length, 1);

  const messages = await receiver.messages(run.trace_id);
  const toolResult = messages.find((m) => m.role === 'tool' && m.name === 'get_weather');
  assert.deepEqual(toolResult?.content, [{ type: 'tool_result', tool_use_id: 'call_1', content: '18°C and sunny' }]);
  const answer = messages.filter((m) => m.role === 'assistant').at(-1);
  assert.match(getMessageText(answer), /18°C and sunny/);
});
