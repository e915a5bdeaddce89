// NORMALIZE stage, messages: reads the older GenAI per-message span events (OTel semconv
// <= 1.36, Strands, many Python instrumentations). In execute_tool spans Strands records the
// call as gen_ai.tool.message (arguments) and the result as gen_ai.choice: those become
// tool_use / tool_result messages rather than conversation turns.

import type { SpanEvent } from '../../otlp/model.js';
import type { SideMLMessage } from '../types.js';
import { CHOICE_EVENT, createMessagesFromGenAIEvent, isGenAIMessageEvent } from './genai-events.js';
import { isPlainObject, parseMaybeJson, toPlainValue, type PlainObject } from './plain-value.js';
import type { MessageSource, SourceResult, SpanContext } from './source.js';
import { createToolCallResult } from './tool-span.js';

const EVENT_CONTENT_KEYS = ['gen_ai.event.content', 'event.body', 'body'];

function readEventPayload(event: SpanEvent): PlainObject {
  const payload: PlainObject = {};
  for (const key of Object.keys(event.attributes)) payload[key] = toPlainValue(event.attributes[key]);
  for (const key of EVENT_CONTENT_KEYS) {
    const body = parseMaybeJson(payload[key]);
    if (isPlainObject(body)) Object.assign(payload, body);
  }
  return payload;
}

function readToolSpanEvents(ctx: SpanContext, events: SpanEvent[]): SourceResult {
  const callEvent = events.find((e) => e.name === 'gen_ai.tool.message');
  const resultEvent = events.find((e) => e.name === CHOICE_EVENT);
  const call = callEvent ? readEventPayload(callEvent) : undefined;
  const result = resultEvent ? readEventPayload(resultEvent) : undefined;
  return createToolCallResult({
    id: call?.id ?? result?.id ?? ctx.attrs.string('gen_ai.tool.call.id'),
    name: ctx.attrs.string('gen_ai.tool.name'),
    input: call ? parseMaybeJson(call.content) : undefined,
    output: result ? parseMaybeJson(result.message ?? result.content) : undefined,
    source: 'span-events',
  });
}

export const spanEventsSource: MessageSource = {
  name: 'genai-span-events',
  read: (ctx) => {
    const events = ctx.span.events.filter((e) => isGenAIMessageEvent(e.name));
    if (events.length === 0) return null;
    if (ctx.attrs.string('gen_ai.operation.name') === 'execute_tool') return readToolSpanEvents(ctx, events);
    const input: SideMLMessage[] = [];
    const output: SideMLMessage[] = [];
    for (const event of events) {
      for (const message of createMessagesFromGenAIEvent(event.name, readEventPayload(event), event.timeUnixNano)) {
        (message.direction === 'output' ? output : input).push(message);
      }
    }
    return { input, output };
  },
};
