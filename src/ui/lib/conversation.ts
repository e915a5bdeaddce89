// VIEW LOGIC (web UI): SideML messages (docs/sideml.md) prepared for reading: which turn is
// the final answer, and each content block as one kind the view knows how to draw.
import type { Message } from '../api/types.js';

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool_call'; name: string; id: string | null; args: unknown }
  | { kind: 'tool_result'; id: string | null; content: unknown; isError: boolean }
  | { kind: 'image'; src: string | null; url: string | null; label: string }
  | { kind: 'json'; value: unknown };

/** The last assistant turn with text: what the agent finally answered (-1: none). */
export function findFinalAnswerIndex(messages: Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === 'assistant' && toBlocks(message.content).some((b) => b.kind === 'text')) return i;
  }
  return -1;
}

export function toBlocks(content: unknown[]): Block[] {
  return content.map((raw) => toBlock((raw ?? {}) as Record<string, unknown>));
}

function toBlock(block: Record<string, unknown>): Block {
  switch (block.type) {
    case 'text':
    case 'refusal':
      return { kind: 'text', text: String(block.text ?? block.refusal ?? '') };
    case 'thinking':
      return { kind: 'reasoning', text: String(block.text ?? '') };
    case 'redacted_thinking':
      return { kind: 'reasoning', text: '(redacted reasoning)' };
    case 'tool_use':
      return { kind: 'tool_call', name: String(block.name ?? 'tool'), id: (block.id as string | undefined) ?? null, args: block.input };
    case 'tool_result':
      return { kind: 'tool_result', id: (block.tool_use_id as string | undefined) ?? null, content: block.content, isError: block.is_error === true };
    case 'image':
      return { kind: 'image', src: toInlineImage(block), url: typeof block.url === 'string' && !block.url.startsWith('data:') ? block.url : null, label: String(block.name ?? block.mime_type ?? 'image') };
    default:
      return { kind: 'json', value: block.type === 'json' ? block.value : block };
  }
}

/** Only inline images are drawn: the UI loads nothing from the network (it must work
 *  offline and must not call out); a remote image stays a link the user may follow. */
function toInlineImage(block: Record<string, unknown>): string | null {
  if (typeof block.data === 'string') return `data:${String(block.mime_type ?? 'image/png')};base64,${block.data}`;
  if (typeof block.url === 'string' && block.url.startsWith('data:image/')) return block.url;
  return null;
}

/** Tool results and JSON as readable text: strings as they are, anything else pretty JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'text' in v)) {
    return value.map((v) => String((v as { text: unknown }).text)).join('\n');
  }
  return JSON.stringify(value, null, 2);
}
