// NORMALIZE stage, messages: OpenInference (Arize/Phoenix; CrewAI, LlamaIndex, DSPy, …):
// indexed llm.input_messages.N.message.* / llm.output_messages.N.message.*, llm.tools.N,
// input.value / output.value (+ .mime_type); TOOL spans become tool_use / tool_result.

import { correctResponsesFinishReason } from '../responses-finish-reason.js';
import type { SideMLMessage } from '../types.js';
import { CREWAI_SCOPE, readReActToolInput, splitReActTurns } from './crewai-react.js';
import { normalizeFinishReason } from './finish-reason.js';
import { createMessageHash } from './message-hash.js';
import { createMessage, createTextMessage, type Direction } from './message-object.js';
import { readContents, readToolCalls } from './openinference-contents.js';
import { readKindInputOutput } from './openinference-documents.js';
import { fillMissingToolIds } from './openinference-tool-ids.js';
import { readPayloadMessages } from './payload.js';
import { parseMaybeJson, toPlainValue, type AttributeReader } from './plain-value.js';
import { groupIndexed, type MessageSource, type SourceResult, type SpanContext } from './source.js';
import { createToolCallResult, unwrapToolMessage } from './tool-span.js';

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
  toolId: 'tool.id',
  prompts: 'llm.prompts',
} as const;

function readIndexedMessages(ctx: SpanContext, prefix: string, direction: Direction): SideMLMessage[] | null {
  const entries = groupIndexed(ctx.indexedKeys, prefix, (key) => toPlainValue(ctx.attrs.attributes[key]));
  if (entries.length === 0) return null;
  const source = prefix.slice(0, -1);
  const messages: SideMLMessage[] = [];
  for (const { fields } of entries) {
    const contents = readContents(fields);
    const rawContent = fields.get('message.content');
    const role = fields.get('message.role') ?? (direction === 'input' ? 'user' : 'assistant');
    // Anthropic's tool results ride in user turns; its instrumentation keeps only the id and the text.
    const isToolResult = role === 'user' && fields.has('message.tool_call_id') && contents.length === 0;
    const message = createMessage(
      {
        role: isToolResult ? 'tool' : role,
        content: rawContent,
        name: fields.get('message.name'),
        tool_call_id: fields.get('message.tool_call_id'),
        tool_calls: readToolCalls(fields, contents),
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

function readFinishReason(attrs: AttributeReader, rawOutput: unknown): string | null {
  const raw = attrs.string(OPENINFERENCE.finishReason);
  return raw === undefined ? null : correctResponsesFinishReason(raw, rawOutput);
}

/** llm.finish_reason is span-level: it belongs to the last assistant output message. */
function attachFinishReason(output: SideMLMessage[] | null, raw: string | null): SideMLMessage[] | null {
  const last = output?.[output.length - 1];
  const reason = normalizeFinishReason(raw);
  if (!last || last.role !== 'assistant' || last.finish_reason || !reason) return output;
  return [...output!.slice(0, -1), { ...last, finish_reason: reason, finish_reason_raw: raw! }];
}

/** CrewAI's ReAct tool span (ToolUsage._use) carries the step's text: its thought joins the call, its Action Input is the input. */
function readReActToolSpan(ctx: SpanContext, rawInput: unknown, rawOutput: unknown): SourceResult | null {
  const step = ctx.scope.name === CREWAI_SCOPE ? readReActToolInput(rawInput) : null;
  if (!step) return null;
  const result = createToolCallResult({ id: null, name: ctx.attrs.string(OPENINFERENCE.toolName), input: step.input, output: rawOutput, source: 'openinference.tool' });
  const call = result.input?.[0];
  if (step.thought && call) call.content.unshift({ type: 'text', text: step.thought });
  return { ...result, rawInput, rawOutput };
}

/** A LangGraph node returns its whole state: an output list that starts with the span's input
 *  messages repeats them, and only what follows is new. */
function dropEchoedInput(input: SideMLMessage[] | null, output: SideMLMessage[] | null): SideMLMessage[] | null {
  if (!input || input.length === 0 || !output || output.length < input.length) return output;
  const echoed = input.every((message, i) => createMessageHash(message) === createMessageHash(output[i]!));
  return echoed ? output.slice(input.length) : output;
}

function readToolSpan(attrs: AttributeReader, rawInput: unknown, rawOutput: unknown): SourceResult {
  // LangChain's tool runs end with a ToolMessage (alone or as {output}): it names the call id.
  const toolMessage = unwrapToolMessage(rawOutput);
  const id = attrs.string(OPENINFERENCE.toolCallId) ?? attrs.string(OPENINFERENCE.toolId) ?? toolMessage?.id;
  const output = toolMessage ? toolMessage.content : rawOutput;
  const result = createToolCallResult({ id, name: attrs.string(OPENINFERENCE.toolName), input: rawInput, output, isError: toolMessage?.isError, source: 'openinference.tool' });
  return { ...result, rawInput, rawOutput };
}

/** Legacy completions: llm.prompts as a string list (JS) or llm.prompts.N.prompt.text (Python). */
function readPrompts(attrs: AttributeReader): SideMLMessage[] | null {
  const list = toPlainValue(attrs.attributes[OPENINFERENCE.prompts]);
  const keys = Array.isArray(list) ? [] : Object.keys(attrs.attributes).filter((key) => key.startsWith(`${OPENINFERENCE.prompts}.`));
  const texts = Array.isArray(list) ? list : groupIndexed(keys, `${OPENINFERENCE.prompts}.`, (key) => toPlainValue(attrs.attributes[key])).map(({ fields }) => fields.get('prompt.text'));
  const messages = texts.filter((text): text is string => typeof text === 'string' && text.length > 0).map((text) => createTextMessage(text, 'input', OPENINFERENCE.prompts));
  return messages.length > 0 ? messages : null;
}

function readMessages(ctx: SpanContext, direction: Direction, raw: unknown, textAsMessage: boolean): SideMLMessage[] | null {
  const prefix = direction === 'input' ? OPENINFERENCE.inputMessages : OPENINFERENCE.outputMessages;
  const source = direction === 'input' ? OPENINFERENCE.inputValue : OPENINFERENCE.outputValue;
  const readPayload = () => readPayloadMessages(raw, direction, source, { textAsMessage });
  const indexed = ctx.indexedKeys.length > 0 ? readIndexedMessages(ctx, prefix, direction) : null;
  return fillMissingToolIds(indexed, readPayload) ?? readPayload();
}

export const openInferenceSource: MessageSource = {
  name: 'openinference',
  read: (ctx): SourceResult | null => {
    const { attrs } = ctx;
    const kind = attrs.string(OPENINFERENCE.spanKind)?.toUpperCase();
    const kindIO = kind === 'RETRIEVER' || kind === 'RERANKER' || kind === 'EMBEDDING' ? readKindInputOutput(kind, attrs) : {};
    const rawInput = readValue(attrs, OPENINFERENCE.inputValue) ?? kindIO.input;
    const rawOutput = readValue(attrs, OPENINFERENCE.outputValue) ?? kindIO.output;
    const indexed = ctx.indexedKeys.length > 0;
    if (!kind && !indexed && rawInput === undefined && rawOutput === undefined) return null;
    if (kind === 'TOOL') return readReActToolSpan(ctx, rawInput, rawOutput) ?? readToolSpan(attrs, rawInput, rawOutput);
    const textAsMessage = kind === 'LLM';
    const input = readMessages(ctx, 'input', rawInput, textAsMessage) ?? (kind === 'LLM' ? readPrompts(attrs) : null);
    const output = dropEchoedInput(input, readMessages(ctx, 'output', rawOutput, textAsMessage));
    const isCrewAI = ctx.scope.name === CREWAI_SCOPE;
    return {
      input: isCrewAI ? splitReActTurns(input) : input,
      output: attachFinishReason(isCrewAI ? splitReActTurns(output) ?? null : output, readFinishReason(attrs, rawOutput)),
      toolDefinitions: indexed ? readTools(ctx) : null,
      rawInput,
      rawOutput,
    };
  },
};
