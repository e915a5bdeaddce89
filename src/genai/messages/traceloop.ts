// NORMALIZE stage, messages: Traceloop / OpenLLMetry indexed attributes
// gen_ai.prompt.N.{role,content,tool_call_id,tool_calls.K.*} and gen_ai.completion.N.*
// (with finish_reason), llm.request.functions.N.*, and traceloop.entity.input|output.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { normalizeContent } from './blocks.js';
import { createMessage, type Direction } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { isPlainObject, parseJsonText, parseMaybeJson, toPlainValue, type PlainObject } from './plain-value.js';
import { groupFields, groupIndexed, type MessageSource, type SpanContext } from './source.js';

export const TRACELOOP = {
  prompt: 'gen_ai.prompt.',
  completion: 'gen_ai.completion.',
  functions: 'llm.request.functions.',
  entityInput: 'traceloop.entity.input',
  entityOutput: 'traceloop.entity.output',
} as const;

/** OpenLLMetry serializes list content as JSON text; plain text that looks like JSON stays text. */
function readContent(value: unknown): ContentBlock[] | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseJsonText(value);
  if (!Array.isArray(parsed)) return undefined;
  const blocks = normalizeContent(parsed);
  return blocks.some((block) => block.type === 'unknown') ? undefined : blocks;
}

/** JS OpenLLMetry writes `JSON.stringify(content)` for non-string content: a tool-call-only assistant turn becomes "null". */
function readMessageText(fields: Map<string, unknown>, role: unknown): unknown {
  const content = fields.get('content');
  if (content === '') return undefined;
  return content === 'null' && role === 'assistant' ? undefined : content;
}

function readToolCalls(fields: Map<string, unknown>): PlainObject[] {
  return groupFields(fields, 'tool_calls.').map(({ fields: call }) => ({
    id: call.get('id'),
    function: { name: call.get('name'), arguments: call.get('arguments') },
  }));
}

/** One indexed entry; null when it carries nothing (an assistant turn whose tool calls JS OpenLLMetry did not record). */
function readIndexedMessage(fields: Map<string, unknown>, direction: Direction, source: string): SideMLMessage | null {
  const rawRole = fields.get('role');
  const role = typeof rawRole === 'string' && rawRole !== '' ? rawRole : direction === 'input' ? 'user' : 'assistant';
  const content = readMessageText(fields, role);
  const toolCalls = readToolCalls(fields);
  // OpenLLMetry-JS together copies tool_calls.0 into function_call as well.
  const functionCall = fields.has('function_call.name') && toolCalls.length === 0
    ? { name: fields.get('function_call.name'), arguments: fields.get('function_call.arguments') }
    : undefined;
  const refusal = fields.get('refusal');
  const saysNothing = content === undefined && toolCalls.length === 0 && !functionCall && refusal === undefined;
  if (saysNothing && role === 'assistant' && !fields.has('finish_reason')) return null;
  return createMessage(
    { role, content, tool_call_id: fields.get('tool_call_id'), tool_calls: toolCalls, function_call: functionCall, refusal, finish_reason: fields.get('finish_reason') },
    direction,
    source,
    readContent(content) ?? (content === undefined ? [] : undefined),
  );
}

function readIndexedMessages(ctx: SpanContext, prefix: string, direction: Direction): SideMLMessage[] | null {
  const entries = groupIndexed(ctx.indexedKeys, prefix, (key) => toPlainValue(ctx.attrs.attributes[key]));
  if (entries.length === 0) return null;
  const source = prefix.slice(0, -1);
  return entries.flatMap(({ fields }) => readIndexedMessage(fields, direction, source) ?? []);
}

function readFunctions(ctx: SpanContext): unknown[] | null {
  const entries = groupIndexed(ctx.indexedKeys, TRACELOOP.functions, (key) => toPlainValue(ctx.attrs.attributes[key]));
  if (entries.length === 0) return null;
  return entries.map(({ fields }) => ({
    type: 'function',
    name: fields.get('name'),
    description: fields.get('description'),
    // OpenLLMetry-JS names the JSON schema `arguments`; Python names it `parameters`.
    parameters: parseMaybeJson(fields.get('parameters') ?? fields.get('arguments')),
  }));
}

export const traceloopSource: MessageSource = {
  name: 'traceloop',
  read: (ctx) => {
    const indexed = ctx.indexedKeys.length > 0;
    const rawInput = ctx.attrs.parsed(TRACELOOP.entityInput);
    const rawOutput = ctx.attrs.parsed(TRACELOOP.entityOutput);
    if (!indexed && rawInput === undefined && rawOutput === undefined) return null;
    // entity.input is {"inputs": {...}} / {"args": [...], "kwargs": {...}}: messages only when they look like messages.
    const inner = (value: unknown) => (isPlainObject(value) && value.inputs !== undefined ? value.inputs : isPlainObject(value) && value.outputs !== undefined ? value.outputs : value);
    return {
      input: (indexed ? readIndexedMessages(ctx, TRACELOOP.prompt, 'input') : null) ?? readPayloadMessages(inner(rawInput), 'input', TRACELOOP.entityInput),
      output: (indexed ? readIndexedMessages(ctx, TRACELOOP.completion, 'output') : null) ?? readPayloadMessages(inner(rawOutput), 'output', TRACELOOP.entityOutput),
      toolDefinitions: indexed ? readFunctions(ctx) : null,
      rawInput,
      rawOutput,
    };
  },
};
