// Builds test/fixtures/captures/agentcore-strands-{openai,bedrock}-adot: a Strands Agents (Python)
// weather agent on Bedrock AgentCore Runtime, exported through ADOT. Shapes: strands-events.mjs,
// botocore-events.mjs, adot-llo.mjs (each names the source file and version it restates).
// Run: node test/captures/recorders/agentcore-python/build-strands-fixtures.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEDROCK_EVENT_ATTRIBUTES, BOTOCORE_SCOPE, choiceEvent, converseSpanAttributes, requestEvents } from './botocore-events.mjs';
import { SPAN_KIND, pythonRepr } from './otlp-json.mjs';
import { agentChoiceEvent, commonAttributes, cycleChoiceEvents, messageEvents, modelChoiceEvent, toolEvents } from './strands-events.mjs';
import { TraceBuilder } from './trace-builder.mjs';

const CAPTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures');
const STRANDS_SCOPE = { name: 'strands.telemetry.tracer' };
const SYSTEM_PROMPT = 'You are a weather assistant. Answer in one sentence.';
const QUESTION = 'What is the weather in Paris?';
const ANSWER = 'It is 18°C and sunny in Paris.';
const WEATHER = { city: 'Paris', temperatureC: 18, condition: 'sunny' };

function resourceFor(service) {
  return {
    'service.name': service,
    'deployment.environment.name': 'test',
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_bedrock_agentcore',
    'cloud.region': 'us-east-1',
    'telemetry.sdk.language': 'python',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '1.33.1',
    'telemetry.auto.version': '0.10.0-aws',
  };
}

function conversation(toolUseId, history) {
  const user = { role: 'user', content: [{ text: QUESTION }] };
  const toolUse = { toolUseId, name: 'get_weather', input: { city: 'Paris' } };
  const callTurn = { role: 'assistant', content: history.preamble ? [{ text: history.preamble }, { toolUse }] : [{ toolUse }] };
  const toolResult = { toolUseId, status: 'success', content: [{ text: pythonRepr(WEATHER) }] };
  const resultTurn = { role: 'user', content: [{ toolResult }] };
  const answerTurn = { role: 'assistant', content: [{ text: ANSWER }] };
  return { before: [...history.turns, user], toolUse, callTurn, toolResult, resultTurn, answerTurn };
}

/** invoke_agent > cycle 1 > chat 1 (+ botocore), execute_tool; cycle 2 > chat 2 (+ botocore). */
function buildStrandsTrace(b, options) {
  const c = conversation(options.toolUseId, options.history);
  const common = { 'session.id': options.sessionId, 'gen_ai.event.start_time': '2026-12-05T08:00:00.000000+00:00', 'gen_ai.event.end_time': '2026-12-05T08:00:03.000000+00:00' };
  const ids = { agent: 'a100000000000001', cycle1: 'a100000000000002', chat1: 'a100000000000003', tool: 'a100000000000005', cycle2: 'a100000000000006', chat2: 'a100000000000007' };
  const chatUsage = (u) => ({ 'gen_ai.usage.prompt_tokens': u.input, 'gen_ai.usage.input_tokens': u.input, 'gen_ai.usage.completion_tokens': u.output, 'gen_ai.usage.output_tokens': u.output, 'gen_ai.usage.total_tokens': u.input + u.output, ...(u.latencyMs > 0 ? { 'gen_ai.server.request.duration': u.latencyMs } : {}) });
  const [u1, u2] = options.usage;
  const afterCall = [...c.before, c.callTurn, c.resultTurn];

  b.addSpan({ scope: STRANDS_SCOPE, spanId: ids.chat1, parentSpanId: ids.cycle1, name: 'chat', startMs: 20, endMs: 900,
    attributes: { ...commonAttributes('chat'), ...common, 'gen_ai.request.model': options.modelId, ...chatUsage(u1) },
    events: [...messageEvents(c.before), modelChoiceEvent(c.callTurn, 'tool_use')] });
  b.addSpan({ scope: STRANDS_SCOPE, spanId: ids.tool, parentSpanId: ids.cycle1, name: 'execute_tool get_weather', startMs: 910, endMs: 1000,
    attributes: { ...commonAttributes('execute_tool'), ...common, 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': options.toolUseId, 'gen_ai.tool.status': 'success' },
    events: toolEvents(c.toolUse, c.toolResult) });
  b.addSpan({ scope: STRANDS_SCOPE, spanId: ids.cycle1, parentSpanId: ids.agent, name: 'execute_event_loop_cycle', startMs: 10, endMs: 1005,
    attributes: { 'event_loop.cycle_id': 'c7e2a0a4-6a37-4a4e-9a55-0b1c7f1d2e01', ...common },
    events: [...messageEvents(c.before), ...cycleChoiceEvents(c.callTurn, c.resultTurn)] });
  b.addSpan({ scope: STRANDS_SCOPE, spanId: ids.chat2, parentSpanId: ids.cycle2, name: 'chat', startMs: 1020, endMs: 2800,
    attributes: { ...commonAttributes('chat'), ...common, 'gen_ai.request.model': options.modelId, ...chatUsage(u2) },
    events: [...messageEvents(afterCall), modelChoiceEvent(c.answerTurn, 'end_turn')] });
  b.addSpan({ scope: STRANDS_SCOPE, spanId: ids.cycle2, parentSpanId: ids.agent, name: 'execute_event_loop_cycle', startMs: 1010, endMs: 2900,
    attributes: { 'event_loop.cycle_id': '5b0d3c1e-2f4a-4c7b-8e9d-1a2b3c4d5e02', 'event_loop.parent_cycle_id': 'c7e2a0a4-6a37-4a4e-9a55-0b1c7f1d2e01', ...common },
    events: messageEvents(afterCall) });
  const total = { input: u1.input + u2.input, output: u1.output + u2.output };
  b.addSpan({ scope: STRANDS_SCOPE, spanId: ids.agent, name: 'invoke_agent weather_agent', startMs: 0, endMs: 3000,
    attributes: { ...commonAttributes('invoke_agent'), ...common, 'gen_ai.agent.name': 'weather_agent', 'gen_ai.request.model': options.modelId, 'gen_ai.agent.tools': '["get_weather"]',
      'gen_ai.usage.prompt_tokens': total.input, 'gen_ai.usage.completion_tokens': total.output, 'gen_ai.usage.input_tokens': total.input, 'gen_ai.usage.output_tokens': total.output,
      'gen_ai.usage.total_tokens': total.input + total.output, 'gen_ai.usage.cache_read_input_tokens': 0, 'gen_ai.usage.cache_write_input_tokens': 0 },
    // start_agent_span gets only this invocation's new messages, not the restored history.
    events: [...messageEvents([{ role: 'user', content: [{ text: QUESTION }] }]), agentChoiceEvent(c.answerTurn, 'end_turn')] });
  if (options.bedrock) addBotocoreCalls(b, options, c, ids);
}

function addBotocoreCalls(b, options, c, ids) {
  const calls = [
    { spanId: 'b200000000000004', parent: ids.chat1, start: 30, end: 880, messages: c.before, output: c.callTurn, stop: 'tool_use', usage: options.usage[0], requestId: '5f0e6a53-1c2b-4f0e-9d3a-7a1e2b3c4d01' },
    { spanId: 'b200000000000008', parent: ids.chat2, start: 1030, end: 2780, messages: [...c.before, c.callTurn, c.resultTurn], output: c.answerTurn, stop: 'end_turn', usage: options.usage[1], requestId: '5f0e6a53-1c2b-4f0e-9d3a-7a1e2b3c4d02' },
  ];
  for (const call of calls) {
    b.addSpan({ scope: BOTOCORE_SCOPE, spanId: call.spanId, parentSpanId: call.parent, name: `chat ${options.modelId}`, kind: SPAN_KIND.CLIENT, startMs: call.start, endMs: call.end,
      attributes: converseSpanAttributes({ modelId: options.modelId, region: 'us-east-1', inputTokens: call.usage.input, outputTokens: call.usage.output, stopReason: call.stop, requestId: call.requestId }) });
    requestEvents([{ text: SYSTEM_PROMPT }], call.messages).forEach((event, i) => {
      b.addLog({ scope: BOTOCORE_SCOPE, spanId: call.spanId, ms: call.start + 1 + i * 0.05, attributes: BEDROCK_EVENT_ATTRIBUTES, ...event });
    });
    b.addLog({ scope: BOTOCORE_SCOPE, spanId: call.spanId, ms: call.end - 1, attributes: BEDROCK_EVENT_ATTRIBUTES, ...choiceEvent(call.output, call.stop) });
  }
}

const HELLO_HISTORY = ['Hello', 'Hello! How can I help you today?', 'Hello', 'Hello! How can I help you today?', 'Hello', 'Hello! How can I help you today?']
  .map((text, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: [{ text }] }));

const openai = new TraceBuilder({ traceId: '6a1c0e5d2b3f4a59806172839405a1b2', baseNs: 1796457600000000000n, resource: resourceFor('weather_agent.DEFAULT') });
buildStrandsTrace(openai, { modelId: 'gpt-4o-mini', toolUseId: 'call_weather_1', sessionId: 'agentcore-session-openai-0001', history: { turns: [] },
  usage: [{ input: 120, output: 18, latencyMs: 0 }, { input: 160, output: 12, latencyMs: 0 }], bedrock: false });
openai.write(path.join(CAPTURES, 'agentcore-strands-openai-adot'));

const bedrock = new TraceBuilder({ traceId: '7b2d1f6e3c4a5b6a917283940516b2c3', baseNs: 1796457700000000000n, resource: resourceFor('weather_agent.DEFAULT') });
buildStrandsTrace(bedrock, { modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', toolUseId: 'tooluse_Wq3kR8vYT2aN5bC1dE7fGh', sessionId: 'agentcore-session-bedrock-0004',
  history: { turns: HELLO_HISTORY, preamble: 'Let me check the weather in Paris.' },
  usage: [{ input: 420, output: 40, latencyMs: 812 }, { input: 480, output: 20, latencyMs: 1704 }], bedrock: true });
bedrock.write(path.join(CAPTURES, 'agentcore-strands-bedrock-adot'));
