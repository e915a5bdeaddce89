// NORMALIZE stage, messages: the AWS Distro for OpenTelemetry (ADOT, Python) moves the prompt
// and completion content off each span into one log record whose body is
// {input:{messages:[{role, content}]}, output:{messages:[…]}} (llo_handler.py). Input: that
// parsed body; output: SideML messages, or null when the body has another shape.
//
// A `content` is whatever the span held: an attribute's text (plain, or JSON such as
// `gen_ai.input.messages` or Strands' Bedrock blocks) or, for a span event, the event's
// attribute map. ADOT keys span events by name, so a span keeps only its last event of each
// name, and it files every assistant role under output: history turns are told apart from
// completions by their event attributes (`content` vs `message`), not by ADOT's grouping.

import type { SideMLMessage } from '../types.js';
import { CHOICE_EVENT, createMessagesFromGenAIEvent } from './genai-events.js';
import { isMessageLike, type Direction } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { dropToolUseEchoes } from './tool-use-echo.js';
import { asString, isPlainObject, parseJsonText, type PlainObject } from './plain-value.js';
import { normalizeRole } from './roles.js';

const SOURCE = 'adot-log';

interface AdotEntry {
  role: string;
  content: unknown;
}

function readEntries(group: unknown): AdotEntry[] | null {
  if (!isPlainObject(group) || !Array.isArray(group.messages)) return null;
  return group.messages.filter(isPlainObject).map((m) => ({ role: asString(m.role) ?? '', content: m.content }));
}

function hasMessageShape(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isMessageLike);
  return isPlainObject(value) && (isMessageLike(value) || Array.isArray(value.messages));
}

/** Text content: JSON message lists (OTel `gen_ai.*.messages`, OpenAI, LangChain) keep their
 *  roles; JSON blocks or plain text take the entry's role. Any other JSON object is a
 *  framework's call payload (e.g. OpenLLMetry's traceloop.entity.input of a tool), not a turn. */
function readTextContent(text: string, role: string, direction: Direction): SideMLMessage[] {
  const parsed = parseJsonText(text);
  if (hasMessageShape(parsed)) return readPayloadMessages(parsed, direction, SOURCE) ?? [];
  if (isPlainObject(parsed)) return [];
  // ADOT names indexed prompts/completions (gen_ai.prompt.N.content) `unknown`: its direction is all that is left.
  const known = normalizeRole(role) ?? (direction === 'output' ? 'assistant' : 'user');
  const eventName = known === 'assistant' && direction === 'output' ? CHOICE_EVENT : `gen_ai.${known}.message`;
  return createMessagesFromGenAIEvent(eventName, { content: text, role: known }, 0n);
}

/** A span event's attributes: Strands' history events carry `content`, its choices `message`. */
function readEventAttributes(event: PlainObject, role: string): SideMLMessage[] {
  const id = asString(event.id);
  if (event.message !== undefined) {
    if (id && event.finish_reason === undefined) {
      // execute_tool's gen_ai.choice: the tool's result for call `id`.
      return createMessagesFromGenAIEvent('gen_ai.tool.message', { role: 'tool', id, content: parseJsonText(String(event.message)) ?? event.message }, 0n).map(asOutput);
    }
    const messages = createMessagesFromGenAIEvent(CHOICE_EVENT, { message: event.message, finish_reason: event.finish_reason }, 0n);
    const toolResult = event['tool.result'];
    if (typeof toolResult === 'string') messages.push(...readTextContent(toolResult, 'tool', 'output'));
    return messages;
  }
  // execute_tool's gen_ai.tool.message holds only the call's arguments and id, not the tool's
  // name: the model's own turn (chat span) carries the same call in full.
  if (id && event.role === 'tool' && event.content !== undefined) return [];
  const eventRole = normalizeRole(role) ?? 'user';
  return createMessagesFromGenAIEvent(`gen_ai.${eventRole}.message`, { ...event, role: eventRole }, 0n);
}

function asOutput(message: SideMLMessage): SideMLMessage {
  return { ...message, direction: 'output' };
}

/** A turn made only of tool results is a tool turn, whichever role ADOT gave it. */
function normalizeToolTurn(message: SideMLMessage): SideMLMessage {
  const onlyResults = message.content.length > 0 && message.content.every((b) => b.type === 'tool_result');
  return onlyResults && message.role !== 'tool' ? { ...message, role: 'tool' } : message;
}

function readEntry(entry: AdotEntry, direction: Direction): SideMLMessage[] {
  if (typeof entry.content === 'string') return readTextContent(entry.content, entry.role, direction);
  if (isPlainObject(entry.content)) return readEventAttributes(entry.content, entry.role);
  return [];
}

/** ADOT's per-span body -> messages with ADOT's source; null when `body` is not that shape. */
export function readAdotLogBody(body: unknown): SideMLMessage[] | null {
  if (!isPlainObject(body)) return null;
  const input = readEntries(body.input);
  const output = readEntries(body.output);
  if (!input && !output) return null;
  const messages: SideMLMessage[] = [];
  for (const [entries, direction] of [[input, 'input'], [output, 'output']] as const) {
    for (const entry of entries ?? []) {
      for (const message of readEntry(entry, direction)) messages.push(normalizeToolTurn(dropToolUseEchoes({ ...message, source: SOURCE })));
    }
  }
  return messages;
}
