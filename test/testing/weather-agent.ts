// The small agent of docs/ci.md: answers a weather question with one tool call, tracing
// itself with the OpenTelemetry JS SDK in OTel GenAI semconv (invoke_agent, chat,
// execute_tool). Its model is scripted so tests need no network and no API key.
import { context, SpanKind, trace, type Context, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A message in the semconv `gen_ai.input.messages` / `gen_ai.output.messages` shape. */
type Part =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
  | { type: 'tool_call_response'; id: string; response: string };
interface ChatMessage { role: 'user' | 'assistant' | 'tool'; parts: Part[]; finish_reason?: string }

const MODEL = 'gpt-4o-mini';

/** The exporter takes its endpoint from OTEL_EXPORTER_OTLP_* (what receiver.env sets). */
export function createTracing(serviceName = 'weather-agent'): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
}

export function getWeather(args: { city: string }): string {
  return args.city === 'Paris' ? '18°C and sunny' : '12°C and cloudy';
}

/** Stands in for an LLM: asks for the tool first, then answers with what it returned. */
function callModel(messages: ChatMessage[]): ChatMessage {
  const toolResult = messages.flatMap((m) => m.parts).find((p) => p.type === 'tool_call_response');
  if (toolResult) return { role: 'assistant', parts: [{ type: 'text', content: `It is ${toolResult.response} in Paris.` }], finish_reason: 'stop' };
  return { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' };
}

function chat(tracer: Tracer, parent: Context, messages: ChatMessage[]): ChatMessage {
  const span = tracer.startSpan(`chat ${MODEL}`, { kind: SpanKind.CLIENT }, parent);
  const reply = callModel(messages);
  span.setAttributes({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': MODEL,
    'gen_ai.response.model': MODEL,
    'gen_ai.usage.input_tokens': 20 * messages.length,
    'gen_ai.usage.output_tokens': 12,
    'gen_ai.response.finish_reasons': [reply.finish_reason ?? 'stop'],
    'gen_ai.input.messages': JSON.stringify(messages),
    'gen_ai.output.messages': JSON.stringify([reply]),
  });
  span.end();
  return reply;
}

function executeTool(tracer: Tracer, parent: Context, call: Extract<Part, { type: 'tool_call' }>): string {
  const span = tracer.startSpan(`execute_tool ${call.name}`, { kind: SpanKind.INTERNAL }, parent);
  const result = getWeather(call.arguments as { city: string });
  span.setAttributes({
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': call.name,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.id': call.id,
    'gen_ai.tool.call.arguments': JSON.stringify(call.arguments),
    'gen_ai.tool.call.result': result,
  });
  span.end();
  return result;
}

/** One agent run: chat -> get_weather -> chat. Returns the final answer. */
export async function runWeatherAgent(tracer: Tracer, question: string): Promise<string> {
  const agent = tracer.startSpan('invoke_agent weather-agent', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather-agent' } });
  const inAgent = trace.setSpan(context.active(), agent);
  const messages: ChatMessage[] = [{ role: 'user', parts: [{ type: 'text', content: question }] }];
  for (let turn = 0; turn < 5; turn++) {
    const reply = chat(tracer, inAgent, messages);
    messages.push(reply);
    const calls = reply.parts.filter((p): p is Extract<Part, { type: 'tool_call' }> => p.type === 'tool_call');
    if (calls.length === 0) break;
    for (const call of calls) messages.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: call.id, response: executeTool(tracer, inAgent, call) }] });
  }
  const answer = messages.at(-1)!.parts.map((p) => (p.type === 'text' ? p.content : '')).join('');
  agent.end();
  return answer;
}
