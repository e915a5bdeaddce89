// NORMALIZE stage, messages: Vercel AI SDK telemetry (v4-v7): ai.prompt ({system, prompt,
// messages}), ai.prompt.messages, ai.prompt.tools, ai.response.text|reasoning|toolCalls|
// object|finishReason (v3 ai.result.*), and ai.toolCall.name|id|args|result (v4) / input|output (v5+).

import type { ContentBlock, SideMLMessage } from '../types.js';
import { addFinishReason } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { isPlainObject, parseMaybeJson, type AttributeReader } from './plain-value.js';
import type { MessageSource, SourceResult } from './source.js';
import { createToolCallResult } from './tool-span.js';
import { VERCEL_AI_PARTS } from './vercel-ai-parts.js';

export const VERCEL_AI = {
  prompt: 'ai.prompt',
  promptMessages: 'ai.prompt.messages',
  promptTools: 'ai.prompt.tools',
  responseText: 'ai.response.text',
  responseReasoning: 'ai.response.reasoning',
  responseToolCalls: 'ai.response.toolCalls',
  responseObject: 'ai.response.object',
  responseFinishReason: 'ai.response.finishReason',
  resultText: 'ai.result.text',
  resultToolCalls: 'ai.result.toolCalls',
  resultObject: 'ai.result.object',
  toolCallName: 'ai.toolCall.name',
  toolCallId: 'ai.toolCall.id',
  toolCallArgs: 'ai.toolCall.args',
  toolCallInput: 'ai.toolCall.input',
  toolCallResult: 'ai.toolCall.result',
  toolCallOutput: 'ai.toolCall.output',
  operationId: 'ai.operationId',
} as const;

function readToolCallSpan(attrs: AttributeReader): SourceResult {
  const hasInput = attrs.has(VERCEL_AI.toolCallInput) || attrs.has(VERCEL_AI.toolCallArgs);
  const hasOutput = attrs.has(VERCEL_AI.toolCallOutput) || attrs.has(VERCEL_AI.toolCallResult);
  return createToolCallResult({
    id: attrs.string(VERCEL_AI.toolCallId),
    name: attrs.string(VERCEL_AI.toolCallName),
    input: hasInput ? attrs.parsed(VERCEL_AI.toolCallInput) ?? attrs.parsed(VERCEL_AI.toolCallArgs) : undefined,
    output: hasOutput ? attrs.parsed(VERCEL_AI.toolCallOutput) ?? attrs.parsed(VERCEL_AI.toolCallResult) : undefined,
    source: 'ai.toolCall',
  });
}

/** Output blocks in the order the SDK replays them in the next prompt: reasoning, text, tool calls. */
function readOutputMessage(attrs: AttributeReader): SideMLMessage | null {
  const content: ContentBlock[] = [];
  const reasoning = attrs.string(VERCEL_AI.responseReasoning);
  if (reasoning) content.push({ type: 'thinking', text: reasoning });
  const text = attrs.string(VERCEL_AI.responseText) ?? attrs.string(VERCEL_AI.resultText);
  if (text) content.push({ type: 'text', text });
  const object = attrs.has(VERCEL_AI.responseObject) ? attrs.parsed(VERCEL_AI.responseObject) : attrs.parsed(VERCEL_AI.resultObject);
  if (object !== undefined) content.push({ type: 'json', value: object });
  const calls = attrs.parsed(VERCEL_AI.responseToolCalls) ?? attrs.parsed(VERCEL_AI.resultToolCalls);
  if (Array.isArray(calls)) {
    for (const call of calls) content.push(isPlainObject(call) ? VERCEL_AI_PARTS['tool-call']!(call) : { type: 'unknown', raw: call });
  }
  const finishReason = attrs.string(VERCEL_AI.responseFinishReason);
  if (content.length === 0) return null;
  const message: SideMLMessage = { role: 'assistant', content, direction: 'output', source: 'ai.response' };
  addFinishReason(message, finishReason);
  return message;
}

function readTools(attrs: AttributeReader): unknown[] | null {
  const tools = attrs.parsed(VERCEL_AI.promptTools);
  return Array.isArray(tools) ? tools.map(parseMaybeJson) : null;
}

function isVercelSpan(attrs: AttributeReader): boolean {
  return attrs.has(VERCEL_AI.operationId) || attrs.has(VERCEL_AI.prompt) || attrs.has(VERCEL_AI.promptMessages) || attrs.has(VERCEL_AI.responseText) || attrs.has(VERCEL_AI.toolCallName);
}

export const vercelAISource: MessageSource = {
  name: 'vercel-ai',
  read: ({ attrs }) => {
    if (!isVercelSpan(attrs)) return null;
    if (attrs.has(VERCEL_AI.toolCallName) || attrs.has(VERCEL_AI.toolCallId)) return readToolCallSpan(attrs);
    const promptMessages = attrs.parsed(VERCEL_AI.promptMessages);
    const prompt = attrs.parsed(VERCEL_AI.prompt);
    const input =
      readPayloadMessages(promptMessages, 'input', VERCEL_AI.promptMessages) ??
      readPayloadMessages(prompt, 'input', VERCEL_AI.prompt, { textAsMessage: true });
    const output = readOutputMessage(attrs);
    return {
      input,
      output: output ? [output] : null,
      toolDefinitions: readTools(attrs),
      rawInput: prompt ?? promptMessages,
      rawOutput: output ? attrs.parsed(VERCEL_AI.responseObject) ?? attrs.string(VERCEL_AI.responseText) ?? attrs.parsed(VERCEL_AI.responseToolCalls) : undefined,
    };
  },
};
