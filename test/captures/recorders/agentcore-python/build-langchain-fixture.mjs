// Builds test/fixtures/captures/agentcore-langchain-bedrock-adot: a LangChain app on Bedrock
// AgentCore Runtime (entrypoint behind POST /invocations) running a hand-written tool loop with
// ChatBedrockConverse(...).bind_tools([get_weather]), exported through ADOT.
// Shapes restated from the libraries' source:
// - OpenLLMetry's LangChain instrumentation (traceloop/openllmetry
//   packages/opentelemetry-instrumentation-langchain callback_handler.py / span_utils.py at
//   93429cf, 0.62.1): `ChatBedrockConverse.chat` CLIENT span, gen_ai.provider.name from the
//   class (aws.bedrock), gen_ai.system_instructions / gen_ai.input.messages /
//   gen_ai.output.messages as JSON parts (an AIMessage's `tool_use` content block becomes a
//   text part holding its JSON, next to the tool_call part), usage from usage_metadata, no
//   finish reason (ChatBedrockConverse sets no generation_info); tools: `execute_tool <name>`
//   with traceloop.entity.input|output and gen_ai.tool.call.arguments|result;
// - botocore-events.mjs (Converse CLIENT child: the LangChain handler suppresses only
//   OpenLLMetry's own provider instrumentations);
// - adot-llo.mjs (gen_ai.*.messages, gen_ai.system_instructions and traceloop.entity.* move
//   to one log record per span; gen_ai.tool.call.* stay on the span);
// - the root SERVER span of ADOT's ASGI instrumentation (its send/receive spans left out).
// Run: node test/captures/recorders/agentcore-python/build-langchain-fixture.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEDROCK_EVENT_ATTRIBUTES, BOTOCORE_SCOPE, choiceEvent, converseSpanAttributes, requestEvents } from './botocore-events.mjs';
import { SPAN_KIND, pythonJson } from './otlp-json.mjs';
import { TraceBuilder } from './trace-builder.mjs';

const CAPTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures');
const LANGCHAIN_SCOPE = { name: 'opentelemetry.instrumentation.langchain', version: '0.62.1' };
const ASGI_SCOPE = { name: 'opentelemetry.instrumentation.asgi', version: '0.54b1' };
const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SYSTEM_PROMPT = 'You are a weather assistant. Answer in one sentence.';
const QUESTION = 'What is the weather in Paris?';
const PREAMBLE = 'Let me check the weather in Paris.';
const ANSWER = 'It is 18°C and sunny in Paris.';
const TOOL_ID = 'tooluse_Lc7pQ2mN9xR4sT6uV8wY0z';
const WEATHER_JSON = pythonJson({ city: 'Paris', temperatureC: 18, condition: 'sunny' });

const toolUseBlock = { type: 'tool_use', name: 'get_weather', input: { city: 'Paris' }, id: TOOL_ID };
const toolCallPart = { type: 'tool_call', id: TOOL_ID, name: 'get_weather', arguments: { city: 'Paris' } };

// Bedrock Converse messages as langchain-aws sends them (what botocore logs).
const bedrockUser = { role: 'user', content: [{ text: QUESTION }] };
const bedrockCall = { role: 'assistant', content: [{ text: PREAMBLE }, { toolUse: { toolUseId: TOOL_ID, name: 'get_weather', input: { city: 'Paris' } } }] };
const bedrockResult = { role: 'user', content: [{ toolResult: { content: [{ text: WEATHER_JSON }], toolUseId: TOOL_ID, status: 'success' } }] };
const bedrockAnswer = { role: 'assistant', content: [{ text: ANSWER }] };

// The same turns as OpenLLMetry writes them (span_utils.set_chat_request / set_chat_response).
const systemInstructions = [{ type: 'text', content: SYSTEM_PROMPT }];
const userParts = { role: 'user', parts: [{ type: 'text', content: QUESTION }] };
const callParts = { role: 'assistant', parts: [{ type: 'text', content: PREAMBLE }, { type: 'text', content: pythonJson(toolUseBlock) }, toolCallPart] };
const resultParts = { role: 'tool', parts: [{ type: 'tool_call_response', id: TOOL_ID, response: WEATHER_JSON }] };

function chatAttributes(input, output, usage) {
  return {
    'traceloop.workflow.name': '',
    'traceloop.entity.path': '',
    'gen_ai.provider.name': 'aws.bedrock',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': MODEL,
    'gen_ai.response.model': MODEL,
    'gen_ai.system_instructions': pythonJson(systemInstructions),
    'gen_ai.input.messages': pythonJson(input),
    'gen_ai.output.messages': pythonJson(output),
    'gen_ai.usage.input_tokens': usage.input,
    'gen_ai.usage.output_tokens': usage.output,
    'gen_ai.usage.total_tokens': usage.input + usage.output,
  };
}

function toolAttributes() {
  const input = pythonJson({ input_str: "{'city': 'Paris'}", tags: null, metadata: null, inputs: { city: 'Paris' }, kwargs: { color: 'green', name: null } });
  const toolMessage = { lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', 'ToolMessage'], kwargs: { content: WEATHER_JSON, type: 'tool', name: 'get_weather', tool_call_id: TOOL_ID, status: 'success' } };
  const output = pythonJson({ output: toolMessage, kwargs: { color: 'green', name: 'get_weather' } });
  return {
    'traceloop.workflow.name': '',
    'traceloop.entity.path': '',
    'traceloop.span.kind': 'tool',
    'traceloop.entity.name': 'get_weather',
    'gen_ai.provider.name': 'langchain',
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'get_weather',
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.description': 'Get the current weather for a city',
    'traceloop.entity.input': input,
    'gen_ai.tool.call.arguments': input,
    'gen_ai.task.status': 'success',
    'traceloop.entity.output': output,
    'gen_ai.tool.call.result': output,
  };
}

function addConverseCall(b, call) {
  b.addSpan({ scope: BOTOCORE_SCOPE, spanId: call.spanId, parentSpanId: call.parent, name: `chat ${MODEL}`, kind: SPAN_KIND.CLIENT, startMs: call.start, endMs: call.end,
    attributes: { ...converseSpanAttributes({ modelId: MODEL, region: 'us-west-2', inputTokens: call.usage.input, outputTokens: call.usage.output, stopReason: call.stop, requestId: call.requestId }), 'rpc.method': 'Converse' } });
  requestEvents([{ text: SYSTEM_PROMPT }], call.messages).forEach((event, i) => {
    b.addLog({ scope: BOTOCORE_SCOPE, spanId: call.spanId, ms: call.start + 1 + i * 0.05, attributes: BEDROCK_EVENT_ATTRIBUTES, ...event });
  });
  b.addLog({ scope: BOTOCORE_SCOPE, spanId: call.spanId, ms: call.end - 1, attributes: BEDROCK_EVENT_ATTRIBUTES, ...choiceEvent(call.output, call.stop) });
}

const b = new TraceBuilder({
  traceId: '8c3e2a7f4d5b6c7da08394a5b6c7d8e9',
  baseNs: 1796457800000000000n,
  resource: { 'service.name': 'weather_langchain_agent.DEFAULT', 'deployment.environment.name': 'test', 'cloud.provider': 'aws', 'cloud.platform': 'aws_bedrock_agentcore', 'cloud.region': 'us-west-2', 'telemetry.sdk.language': 'python', 'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.version': '1.33.1', 'telemetry.auto.version': '0.10.0-aws' },
});
const ids = { root: 'c300000000000001', chat1: 'c300000000000002', converse1: 'c300000000000003', tool: 'c300000000000004', chat2: 'c300000000000005', converse2: 'c300000000000006' };
const usage1 = { input: 420, output: 40 };
const usage2 = { input: 480, output: 20 };

b.addSpan({ scope: LANGCHAIN_SCOPE, spanId: ids.chat1, parentSpanId: ids.root, name: 'ChatBedrockConverse.chat', kind: SPAN_KIND.CLIENT, startMs: 10, endMs: 900,
  attributes: chatAttributes([userParts], [{ role: 'assistant', parts: [{ type: 'text', content: PREAMBLE }, toolCallPart], finish_reason: '' }], usage1) });
addConverseCall(b, { spanId: ids.converse1, parent: ids.chat1, start: 20, end: 880, messages: [bedrockUser], output: bedrockCall, stop: 'tool_use', usage: usage1, requestId: '9a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a01' });
b.addSpan({ scope: LANGCHAIN_SCOPE, spanId: ids.tool, parentSpanId: ids.root, name: 'execute_tool get_weather', startMs: 910, endMs: 930, attributes: toolAttributes() });
b.addSpan({ scope: LANGCHAIN_SCOPE, spanId: ids.chat2, parentSpanId: ids.root, name: 'ChatBedrockConverse.chat', kind: SPAN_KIND.CLIENT, startMs: 940, endMs: 2600,
  attributes: chatAttributes([userParts, callParts, resultParts], [{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: '' }], usage2) });
addConverseCall(b, { spanId: ids.converse2, parent: ids.chat2, start: 950, end: 2580, messages: [bedrockUser, bedrockCall, bedrockResult], output: bedrockAnswer, stop: 'end_turn', usage: usage2, requestId: '9a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a02' });
b.addSpan({ scope: ASGI_SCOPE, spanId: ids.root, name: 'POST /invocations', kind: SPAN_KIND.SERVER, startMs: 0, endMs: 2620,
  attributes: { 'http.scheme': 'http', 'http.host': '127.0.0.1:8080', 'net.host.port': 8080, 'http.flavor': '1.1', 'http.target': '/invocations', 'http.url': 'http://127.0.0.1:8080/invocations', 'http.method': 'POST', 'http.route': '/invocations', 'http.status_code': 200 } });
b.write(path.join(CAPTURES, 'agentcore-langchain-bedrock-adot'));
