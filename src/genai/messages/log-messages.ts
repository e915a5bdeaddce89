// NORMALIZE stage, messages: one OTLP log record -> SideML messages when it is a GenAI
// event (the official OpenTelemetry OpenAI instrumentation logs every prompt/choice this
// way: event name in `eventName` or attribute `event.name`, content in a kvlist body), or
// ADOT's per-span record ({input:{messages}, output:{messages}}, named after the span's scope).

import { KvList, type InstrumentationScope, type OtlpLogRecord, type Resource } from '../../otlp/model.js';
import type { ContentBlock, SideMLMessage } from '../types.js';
import { readAdotLogBody } from './adot-log-body.js';
import { createMessagesFromGenAIEvent, isGenAIMessageEvent } from './genai-events.js';
import { GEN_AI, readOtelGenAIAttributes } from './otel-genai.js';
import { AttributeReader, asString, isPlainObject, parseMaybeJson, toPlainValue, type PlainObject } from './plain-value.js';

function readEventName(log: OtlpLogRecord): string {
  return log.eventName || asString(log.attributes['event.name']) || '';
}

function readOperationDetails(log: OtlpLogRecord): SideMLMessage[] {
  const body = log.body;
  const attributes = body instanceof KvList ? { ...log.attributes, ...body.values } : log.attributes;
  const result = readOtelGenAIAttributes(new AttributeReader(attributes), GEN_AI.operationDetailsEvent);
  return [...(result?.input ?? []), ...(result?.output ?? [])];
}

/** botocore's Bedrock assistant events list each call twice, as a `toolUse` content block and in
 *  `tool_calls` (bedrock_utils.py message_to_event): one call, one block (the first, the fuller). */
function dropRepeatedToolCalls(message: SideMLMessage): SideMLMessage {
  const seen = new Set<string>();
  const content = message.content.filter((block: ContentBlock) => {
    if (block.type !== 'tool_use' || !block.id) return true;
    if (seen.has(block.id)) return false;
    seen.add(block.id);
    return true;
  });
  return content.length === message.content.length ? message : { ...message, content };
}

export function extractLogMessages(log: OtlpLogRecord, resource: Resource, scope: InstrumentationScope): SideMLMessage[] {
  void resource;
  void scope;
  try {
    const name = readEventName(log);
    if (name === GEN_AI.operationDetailsEvent) return readOperationDetails(log);
    if (!isGenAIMessageEvent(name)) return readAdotLogBody(toPlainValue(log.body)) ?? [];
    const body = parseMaybeJson(toPlainValue(log.body));
    const payload: PlainObject = isPlainObject(body) ? { ...body } : body === null ? {} : { content: body };
    for (const key of Object.keys(log.attributes)) {
      if (key !== 'event.name' && payload[key] === undefined) payload[key] = toPlainValue(log.attributes[key]);
    }
    const time = log.timeUnixNano > 0n ? log.timeUnixNano : log.observedTimeUnixNano;
    return createMessagesFromGenAIEvent(name, payload, time).map(dropRepeatedToolCalls);
  } catch {
    return [];
  }
}
