// The example of docs/ci.md, as a test: run a small instrumented agent against an
// in-process receiver and assert on what it traced, through `tracelite/testing` only.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getMessageText, startReceiver, type Receiver } from 'tracelite/testing';
import { createTracing, runWeatherAgent } from './weather-agent.js';

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  Object.assign(process.env, receiver.env); // the agent's OTLP exporter reads these
});

afterAll(async () => {
  await receiver?.close();
});

test('the agent called get_weather once and answered with the tool result', async () => {
  const tracing = createTracing();
  await runWeatherAgent(tracing.getTracer('weather-agent'), 'What is the weather in Paris?');
  await tracing.shutdown(); // flushes the batch of spans to the receiver

  const [run] = await receiver.waitForTraces({ count: 1 });
  const toolCalls = await receiver.observations({ type: 'tool', name: 'get_weather', traceId: run!.trace_id });
  expect(toolCalls).toHaveLength(1);

  const messages = await receiver.messages(run!.trace_id);
  const toolResult = messages.find((m) => m.role === 'tool' && m.name === 'get_weather');
  expect(toolResult?.content).toEqual([{ type: 'tool_result', tool_use_id: 'call_1', content: '18°C and sunny' }]);
  const answer = messages.filter((m) => m.role === 'assistant').at(-1);
  expect(getMessageText(answer)).toContain('18°C and sunny');
});
