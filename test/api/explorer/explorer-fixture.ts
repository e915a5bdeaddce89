// Test traces for the explorer API, recorded with the real OpenTelemetry SDK tracer (OTel
// GenAI semconv attributes) at fixed times, so the API's answers can be asserted exactly.
import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordSpans } from '../../helpers/otel-export.js';

/** 2025-01-26T10:12:34Z */
export const BASE_MS = Date.UTC(2025, 0, 26, 10, 12, 34);

const text = (role: string, content: string, extra: Record<string, unknown> = {}) => ({ role, parts: [{ type: 'text', content }], ...extra });

interface SpanPlan {
  name: string;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  parent?: Context;
}

function startAt(tracer: Tracer, plan: SpanPlan): Span {
  const span = tracer.startSpan(plan.name, { startTime: BASE_MS + plan.startMs, attributes: plan.attributes, kind: SpanKind.INTERNAL }, plan.parent ?? ROOT_CONTEXT);
  return span;
}

function chatAttributes(model: string, provider: string, input: unknown[], output: unknown[], tokens: [number, number]): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'gen_ai.provider.name': provider,
    'gen_ai.usage.input_tokens': tokens[0],
    'gen_ai.usage.output_tokens': tokens[1],
    'gen_ai.input.messages': JSON.stringify(input),
    'gen_ai.output.messages': JSON.stringify(output),
  };
}

export interface AgentTraceIds {
  traceId: string;
  rootSpanId: string;
  chat1SpanId: string;
  toolSpanId: string;
  chat2SpanId: string;
}

/** An agent run: root -> chat (gpt-4o), tool, chat (repeats the first chat's history). */
export async function recordAgentTrace(options: { sessionId: string; userId: string; environment: string; offsetMs: number }): Promise<{ spans: ReadableSpan[]; ids: AgentTraceIds }> {
  const o = options.offsetMs;
  let ids: AgentTraceIds | undefined;
  const spans = await recordSpans(
    (tracer) => {
      const root = startAt(tracer, {
        name: 'agent.run', startMs: o, endMs: o + 1000,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'session.id': options.sessionId, 'user.id': options.userId },
      });
      const parent = trace.setSpan(ROOT_CONTEXT, root);
      const first = [text('user', 'What is the weather in Paris?')];
      const firstAnswer = [text('assistant', 'Let me check the weather.', { finish_reason: 'stop' })];
      const chat1 = startAt(tracer, { name: 'chat gpt-4o', startMs: o + 10, endMs: o + 300, parent, attributes: chatAttributes('gpt-4o', 'openai', first, firstAnswer, [10, 5]) });
      // Same start as chat1, ends earlier: siblings order by start, then end.
      const tool = startAt(tracer, { name: 'execute_tool get_weather', startMs: o + 10, endMs: o + 200, parent, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' } });
      const second = [...first, ...firstAnswer, text('user', 'Thanks!')];
      const chat2 = startAt(tracer, {
        name: 'chat gpt-4o', startMs: o + 400, endMs: o + 900, parent,
        attributes: chatAttributes('gpt-4o', 'openai', second, [text('assistant', 'You are welcome.', { finish_reason: 'stop' })], [30, 7]),
      });
      tool.end(BASE_MS + o + 200);
      chat1.end(BASE_MS + o + 300);
      chat2.end(BASE_MS + o + 900);
      root.end(BASE_MS + o + 1000);
      ids = { traceId: root.spanContext().traceId, rootSpanId: root.spanContext().spanId, chat1SpanId: chat1.spanContext().spanId, toolSpanId: tool.spanContext().spanId, chat2SpanId: chat2.spanContext().spanId };
    },
    { 'service.name': 'explorer-test', 'deployment.environment.name': options.environment },
  );
  return { spans, ids: ids! };
}

/** One chat span (claude) in its own trace, no session. */
export async function recordSingleChatTrace(options: { environment: string; offsetMs: number; userId?: string }): Promise<{ spans: ReadableSpan[]; traceId: string }> {
  let traceId = '';
  const spans = await recordSpans(
    (tracer) => {
      const attributes = chatAttributes('claude-3-5-sonnet', 'anthropic', [text('user', 'Hello Claude')], [text('assistant', 'Hello!')], [3, 2]);
      if (options.userId) attributes['user.id'] = options.userId;
      const span = startAt(tracer, { name: 'chat claude', startMs: options.offsetMs, endMs: options.offsetMs + 50, attributes });
      span.end(BASE_MS + options.offsetMs + 50);
      traceId = span.spanContext().traceId;
    },
    { 'service.name': 'explorer-test', 'deployment.environment.name': options.environment },
  );
  return { spans, traceId };
}

/** A plain HTTP span: not GenAI, hidden from the trace list by default. */
export async function recordHttpTrace(offsetMs: number): Promise<{ spans: ReadableSpan[]; traceId: string }> {
  let traceId = '';
  const spans = await recordSpans((tracer) => {
    const span = startAt(tracer, { name: 'GET /health', startMs: offsetMs, endMs: offsetMs + 5, attributes: { 'http.request.method': 'GET', 'url.path': '/health' } });
    span.end(BASE_MS + offsetMs + 5);
    traceId = span.spanContext().traceId;
  });
  return { spans, traceId };
}

/** A chat span whose parent span never arrives (an orphan). */
export async function recordOrphanTrace(offsetMs: number): Promise<{ spans: ReadableSpan[]; traceId: string; spanId: string }> {
  let spanId = '';
  const traceId = 'abcdef0123456789abcdef0123456789';
  const spans = await recordSpans((tracer) => {
    const missingParent = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '00000000deadbeef', traceFlags: 1 });
    const span = startAt(tracer, { name: 'chat orphan', startMs: offsetMs, endMs: offsetMs + 20, parent: missingParent, attributes: chatAttributes('gpt-4o-mini', 'openai', [text('user', 'orphan?')], [text('assistant', 'yes')], [1, 1]) });
    span.end(BASE_MS + offsetMs + 20);
    spanId = span.spanContext().spanId;
  });
  return { spans, traceId, spanId };
}
