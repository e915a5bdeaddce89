// NORMALIZE stage, messages: recognizes a parsed request/response payload of any provider
// or framework (message arrays, {messages, system}, Vercel {system, prompt}, Gemini
// {contents}, Responses {input}/{output}, OpenAI {choices}, Gemini {candidates}, Bedrock
// {output:{message}}, ADK {content}, LangChain {generations}) -> SideML messages, or null.

import type { SideMLMessage } from '../types.js';
import { normalizeBlock, normalizeContent } from './blocks.js';
import { addFinishReason, createMessage, createTextMessage, isMessageLike, type Direction } from './message-object.js';
import { createMessageFromResponsesItem, isResponsesItem } from './openai-responses.js';
import { isPlainObject, type PlainObject } from './plain-value.js';

/** Message lists longer than this are cut; the raw span keeps everything. */
export const MAX_MESSAGES = 2000;

export interface PayloadOptions {
  /** Turn a bare string into a user (input) / assistant (output) text message. */
  textAsMessage?: boolean;
}

function readMessageItem(item: unknown, direction: Direction, source: string): SideMLMessage | null {
  if (isResponsesItem(item) && item.type !== 'message') return createMessageFromResponsesItem(item, direction, source);
  if (isMessageLike(item)) return createMessage(item as PlainObject, direction, source);
  if (typeof item === 'string' && item.length > 0) return createTextMessage(item, direction, source);
  return null;
}

export function readMessageList(items: unknown[], direction: Direction, source: string): SideMLMessage[] {
  const messages: SideMLMessage[] = [];
  const limit = Math.min(items.length, MAX_MESSAGES);
  for (let i = 0; i < limit; i++) {
    const message = readMessageItem(items[i], direction, source);
    if (message) messages.push(message);
  }
  return messages;
}

function readArray(items: unknown[], direction: Direction, source: string): SideMLMessage[] | null {
  if (items.length === 0) return null;
  if (items.length === 1 && Array.isArray(items[0])) return readArray(items[0], direction, source);
  if (items.some((item) => isMessageLike(item) || isResponsesItem(item))) return readMessageList(items, direction, source);
  // An array of content blocks (e.g. system instructions, a Bedrock content list): one message.
  const content = normalizeContent(items);
  if (content.length === 0 || content.every((block) => block.type === 'unknown')) return null;
  return [{ role: direction === 'input' ? 'user' : 'assistant', content, direction, source }];
}

function readSystem(system: unknown, source: string): SideMLMessage[] {
  const content = normalizeContent(system);
  return content.length > 0 ? [{ role: 'system', content, direction: 'input', source }] : [];
}

function readChoices(choices: unknown[], source: string): SideMLMessage[] {
  const messages: SideMLMessage[] = [];
  for (const choice of choices.slice(0, MAX_MESSAGES)) {
    if (!isPlainObject(choice)) continue;
    const body = choice.message ?? choice.delta ?? choice.content;
    const message = isPlainObject(body)
      ? createMessage(body, 'output', source)
      : typeof choice.text === 'string'
        ? createTextMessage(choice.text, 'output', source)
        : null;
    if (!message) continue;
    addFinishReason(message, choice.finish_reason ?? choice.finishReason);
    messages.push(message);
  }
  return messages;
}

function readGenerations(generations: unknown[], source: string): SideMLMessage[] {
  const flat = generations.flat().filter(isPlainObject);
  return flat.flatMap((generation) => {
    const message = isMessageLike(generation.message)
      ? createMessage(generation.message as PlainObject, 'output', source)
      : typeof generation.text === 'string'
        ? createTextMessage(generation.text, 'output', source)
        : null;
    if (message && isPlainObject(generation.generation_info)) addFinishReason(message, generation.generation_info.finish_reason);
    return message ? [message] : [];
  });
}

function readWrappedObject(value: PlainObject, direction: Direction, source: string): SideMLMessage[] | null {
  if (Array.isArray(value.messages)) {
    return [...readSystem(value.system ?? value.instructions, source), ...(readArray(value.messages, direction, source) ?? [])];
  }
  if (Array.isArray(value.contents)) {
    const config = isPlainObject(value.config) ? value.config : {};
    const system = value.systemInstruction ?? value.system_instruction ?? config.system_instruction ?? config.systemInstruction;
    const systemMessages = isPlainObject(system) && system.parts !== undefined ? readSystem(system.parts, source) : readSystem(system, source);
    return [...systemMessages, ...readMessageList(value.contents, direction, source)];
  }
  if (value.prompt !== undefined && (typeof value.prompt === 'string' || Array.isArray(value.prompt))) {
    const prompt = typeof value.prompt === 'string' ? [createTextMessage(value.prompt, 'input', source)] : readMessageList(value.prompt, direction, source);
    return [...readSystem(value.system, source), ...prompt];
  }
  if (value.input !== undefined && (typeof value.input === 'string' || Array.isArray(value.input)) && value.instructions !== undefined) {
    const input = typeof value.input === 'string' ? [createTextMessage(value.input, 'input', source)] : readMessageList(value.input, direction, source);
    return [...readSystem(value.instructions, source), ...input];
  }
  return null;
}

function readResponseObject(value: PlainObject, source: string): SideMLMessage[] | null {
  if (Array.isArray(value.choices)) return readChoices(value.choices, source);
  if (Array.isArray(value.candidates)) {
    return readChoices(value.candidates.map((c) => (isPlainObject(c) ? { message: c.content, finish_reason: c.finishReason ?? c.finish_reason } : c)), source);
  }
  if (Array.isArray(value.output) && value.output.some(isResponsesItem)) return readMessageList(value.output, 'output', source);
  if (isPlainObject(value.output) && isPlainObject(value.output.message)) {
    return readChoices([{ message: value.output.message, finish_reason: value.stopReason ?? value.stop_reason }], source);
  }
  if (isPlainObject(value.content) && (value.content.parts !== undefined || value.content.role !== undefined)) {
    return readChoices([{ message: value.content, finish_reason: value.finish_reason ?? value.finishReason }], source);
  }
  if (Array.isArray(value.generations)) return readGenerations(value.generations, source);
  return null;
}

/** Text that looks like JSON but did not parse (truncated, malformed) is kept as an unknown block, not shown as prose. */
function createStringMessage(text: string, direction: Direction, source: string): SideMLMessage {
  const first = text.trimStart()[0];
  if (first !== '[' && first !== '{') return createTextMessage(text, direction, source);
  return { role: direction === 'input' ? 'user' : 'assistant', content: [{ type: 'unknown', raw: text }], direction, source };
}

/** An output that is a whole transcript ({messages:[system, user, …, assistant]}, as agent
 *  frameworks return) keeps only the turns after the last user/tool message as output. */
function markTranscriptInputs(messages: SideMLMessage[]): SideMLMessage[] {
  let lastInput = -1;
  messages.forEach((message, i) => {
    if (message.role !== 'assistant') lastInput = i;
  });
  return messages.map((message, i) => (i <= lastInput ? { ...message, direction: 'input' } : message));
}

/** Parsed payload -> messages; null when the value has no recognizable message shape. */
export function readPayloadMessages(value: unknown, direction: Direction, source: string, options: PayloadOptions = {}): SideMLMessage[] | null {
  try {
    if (typeof value === 'string') return options.textAsMessage && value.length > 0 ? [createStringMessage(value, direction, source)] : null;
    if (Array.isArray(value)) return readArray(value, direction, source);
    if (!isPlainObject(value)) return null;
    const object: PlainObject = value;
    if (isMessageLike(object)) {
      const message = createMessage(object, direction, source);
      return message ? [message] : null;
    }
    const wrapped = readWrappedObject(object, direction, source);
    if (wrapped) return direction === 'output' ? markTranscriptInputs(wrapped) : wrapped;
    const response = readResponseObject(object, source);
    if (response) return response.map((message) => ({ ...message, direction }));
    if (options.textAsMessage && object.type !== undefined) {
      const block = normalizeBlock(object);
      if (block.type !== 'unknown') return [{ role: direction === 'input' ? 'user' : 'assistant', content: [block], direction, source }];
    }
    return null;
  } catch {
    return null;
  }
}
