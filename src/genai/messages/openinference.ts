// NORMALIZE stage, messages: OpenInference (Arize/Phoenix; CrewAI, LlamaIndex, DSPy, …):
// indexed llm.input_messages.N.message.* / llm.output_messages.N.message.*, llm.tools.N,
// input.value / output.value (+ .mime_type); TOOL spans become tool_use / tool_result.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { normalizeFinishReason } from './finish-reason.js';
import { createMediaBlock } from './media.js';
import { createMessage, type Direction } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { asString, parseMaybeJson, toPlainValue, type AttributeReader, type PlainObject } from './plain-value.js';
import { groupFields, groupIndexed, type MessageSource, type SourceResult, type SpanContext } from './source.js';
import { createToolCallResult } from './tool-span.js';

export const OPENINFERENCE = {
  inputMessages: 'llm.input_messages.',
  outputMessages: 'llm.output_messages.',
  tools: 'llm.tools.',
  inputValue: 'input.value',
  inputMime: 'input.mime_type',
  outputValue: 'output.value',
  finishReason: 'llm.finish_reason',
  outputMime: 'output.mime_type',
  spanKind: 'openinference.span.kind',
  toolName: 'tool.name',
  toolCallId: 'tool_call.id',
} as const;

function readContents(fields: Map<string, unknown>): ContentBlock[] {
  return groupFields(fields, 'message.contents.').map(({ fields: part }) => {
    const type = part.get('message_content.type');
    const url = part.get('message_content.image.image.url');
    if (type === 'image' || url !== undefined) return createMediaBlock('image', { url });
    const text = asString(part.get('message_content.text'));
    return text !== undefined ? { type: 'text', text } : { type: 'unknown', raw: Object.fromEntries(part) };
  });
}

function readToolCalls(fields: Map<string, unknown>): PlainObject[] {
  return groupFields(fields, 'message.tool_calls.').map(({ fields: call }) => ({
    id: call.get('tool_call.id'),
    function: { name: call.get('tool_call.function.name'), arguments: call.get('tool_call.function.arguments') },
  }));
}

function readIndexedMessages(ctx: SpanContext, prefix: string, direction: Direction): SideMLMessage[] | null {
  const entries = groupIndexed(ctx.indexedKeys, prefix, (key) => toPlainValue(ctx.attrs.attributes[key]));
  if (entries.length === 0) return null;
  const source = prefix.slice(0, -1);
  const messages: SideMLMessage[] = [];
  for (const { fields } of entries) {
    const contents = readContents(fields);
    const rawContent = fields.get('message.content');
    const message = createMessage(
      {
        role: fields.get('message.role') ?? (direction === 'input' ? 'user' : 'assistant'),
        content: rawContent,
        name: fields.get('message.name'),
        tool_call_id: fields.get('message.tool_call_id'),
        tool_calls: readToolCalls(fields),
        function_call: fields.has('message.function_call_name')
          ? { name: fields.get('message.function_call_name'), arguments: fields.get('message.function_call_arguments_json') }
          : undefined,
      },
      direction,
      source,
      contents.length > 0 ? contents : undefined,
    );
    if (message) messages.push(message);
  }
  return messages;
}

function readValue(attrs: AttributeReader, valueKey: string): unknown {
  // input.value is JSON whenever it parses, whatever input.mime_type says (CrewAI marks JSON as text/plain).
  return attrs.parsed(valueKey);
}

function readTools(ctx: SpanContext): unknown[] | null {
  const tools = groupIndexed(ctx.indexedKeys, OPENINFERENCE.tools, (key) => toPlainValue(ctx.attrs.attributes[key]));
  return tools.length > 0 ? tools.map(({ fields }) => parseMaybeJson(fields.get('tool.json_schema') ?? Object.fromEntries(fields))) : null;
}

/** llm.finish_reason is span-level: it belongs to the last assistant output message. */
function attachFinishReason(output: SideMLMessage[] | null, raw: string | null): SideMLMessage[] | null {
  const last = output?.[output.length - 1];
  const reason = normalizeFinishReason(raw);
  if (!last || last.role !== 'assistant' || last.finish_reason || !reason) return output;
  return [...output!.slice(0, -1), { ...last, finish_reason: reason, finish_reason_raw: raw! }];
}

export const openInferenceSource: MessageSource = {
  name: 'openinference',
  read: (ctx): SourceResult | null => {
    const { attrs } = ctx;
    const kind = attrs.string(OPENINFERENCE.spanKind)?.toUpperCase();
    const rawInput = readValue(attrs, OPENINFERENCE.inputValue);
    const rawOutput = readValue(attrs, OPENINFERENCE.outputValue);
    const indexed = ctx.indexedKeys.length > 0;
    if (!kind && !indexed && rawInput === undefined && rawOutput === undefined) return null;
    if (kind === 'TOOL') {
      const result = createToolCallResult({ id: attrs.string(OPENINFERENCE.toolCallId), name: attrs.string(OPENINFERENCE.toolName), input: rawInput, output: rawOutput, source: 'openinference.tool' });
      return { ...result, rawInput, rawOutput };
    }
    const textAsMessage = kind === 'LLM';
    const output = (indexed ? readIndexedMessages(ctx, OPENINFERENCE.outputMessages, 'output') : null) ?? readPayloadMessages(rawOutput, 'output', OPENINFERENCE.outputValue, { textAsMessage });
    return {
      input: (indexed ? readIndexedMessages(ctx, OPENINFERENCE.inputMessages, 'input') : null) ?? readPayloadMessages(rawInput, 'input', OPENINFERENCE.inputValue, { textAsMessage }),
      output: attachFinishReason(output, attrs.string(OPENINFERENCE.finishReason) ?? null),
      toolDefinitions: indexed ? readTools(ctx) : null,
      rawInput,
      rawOutput,
    };
  },
};
