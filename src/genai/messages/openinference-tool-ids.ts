// NORMALIZE stage, messages: LangChain.js' OpenInference tracer (4.x) writes tool calls without
// tool_call.id and tool messages without message.tool_call_id, so the call and its result cannot
// be tied. The span's own input.value / output.value (LangChain's serialized messages) carry the
// ids: they are copied, message by message, where both lists agree on length and roles.

import type { ContentBlock, SideMLMessage } from '../types.js';

function lacksToolId(block: ContentBlock): boolean {
  return (block.type === 'tool_use' && !block.id) || (block.type === 'tool_result' && !block.tool_use_id);
}

function hasMissingToolId(message: SideMLMessage): boolean {
  return message.content.some(lacksToolId);
}

function fillFromTwin(message: SideMLMessage, twin: SideMLMessage): SideMLMessage {
  if (message.role !== twin.role || !hasMissingToolId(message)) return message;
  const uses = twin.content.filter((block) => block.type === 'tool_use');
  const results = twin.content.filter((block) => block.type === 'tool_result');
  let use = 0;
  let result = 0;
  const content = message.content.map((block): ContentBlock => {
    if (block.type === 'tool_use') {
      const other = uses[use++];
      return !block.id && other?.type === 'tool_use' && other.id && other.name === block.name ? { ...block, id: other.id } : block;
    }
    if (block.type === 'tool_result') {
      const other = results[result++];
      return !block.tool_use_id && other?.type === 'tool_result' && other.tool_use_id ? { ...block, tool_use_id: other.tool_use_id } : block;
    }
    return block;
  });
  return { ...message, content };
}

/** `readPayload` runs only when some id is missing: most spans never parse their payload twice. */
export function fillMissingToolIds(messages: SideMLMessage[] | null, readPayload: () => SideMLMessage[] | null): SideMLMessage[] | null {
  if (!messages || !messages.some(hasMissingToolId)) return messages;
  const payload = readPayload();
  if (!payload || payload.length !== messages.length) return messages;
  return messages.map((message, i) => fillFromTwin(message, payload[i]!));
}
