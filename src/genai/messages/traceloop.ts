// NORMALIZE stage, messages: Traceloop / OpenLLMetry indexed attributes
// gen_ai.prompt.N.{role,content,tool_call_id,tool_calls.K.*} and gen_ai.completion.N.*
// (with finish_reason), llm.request.functions.N.*, and traceloop.entity.input|output.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { normalizeContent } from './blocks.js';
import { createMessage, type Direction } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { isPlainObject, parseJsonText, parseMaybeJson, toPlainValue } from './plain-value.js';
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

function readIndexedMessages(ctx: SpanContext, prefix: string, direction: Direction): SideMLMessage[] | null {
  const entries = groupIndexed(ctx.indexedKeys, prefix, (key) => toPlainValue(ctx.attrs.attributes[key]));
  if (entries.length === 0) return null;
  const source = prefix.slice(0, -1);
  const messages: SideMLMessage[] = [];
  for (const { fields } of entries) {
    const content = fields.get('content');
    const toolCalls = groupFields(fields, 'tool_calls.').map(({ fields: call }) => ({
      id: call.get('id'),
      function: { name: call.get('name'), arguments: call.get('arguments') },
    }));
    const functionCall = fields.has('function_call.name')
      ? { name: fields.get('function_call.name'), arguments: fields.get('function_call.arguments') }
      : undefined;
    const parsedBlocks = readContent(content);
    const message = createMessage(
      {
        role: fields.get('role') ?? (direction === 'input' ? 'user' : 'assistant'),
        content,
        tool_call_id: fields.get('tool_call_id'),
        tool_calls: toolCalls,
        function_call: functionCall,
        finish_reason: fields.get('finish_reason'),
      },
      direction,
      source,
      parsedBlocks ?? (content === undefined ? [] : undefined),
    );
    if (message) messages.push(message);
  }
  return messages;
}

function readFunctions(ctx: SpanContext): unknown[] | null {
  const entries = groupIndexed(ctx.indexedKeys, TRACELOOP.functions, (key) => toPlainValue(ctx.attrs.attributes[key]));
  if (entries.length === 0) return null;
  return entries.map(({ fields }) => ({
    type: 'function',
    name: fields.get('name'),
    description: fields.get('description'),
    parameters: parseMaybeJson(fields.get('parameters')),
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
