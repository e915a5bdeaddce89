// NORMALIZE stage, messages: a tool span that carries no call id (the OpenInference bridge of the
// OpenAI Agents SDK, JS 0.2.x) repeats, without ids, the call the model's output made and the
// result the next model input carries, both with the id. A turn made only of tool calls (or only
// of tool results) matches such a copy by name + arguments (or by result content, JSON text
// parsed), ids aside — but only when exactly one side lacks ids: two id'd turns are matched by id
// elsewhere, and two id-less ones may be a call really made twice.

import type { SideMLMessage } from '../types.js';
import { stableStringify } from './message-hash.js';
import { parseMaybeJson } from './plain-value.js';

function readCopyKey(message: SideMLMessage): { key: string; hasIds: boolean } | null {
  if (message.content.length === 0) return null;
  const parts: string[] = [message.role];
  let withId = 0;
  for (const block of message.content) {
    if (block.type === 'tool_use') parts.push(`u|${block.name}|${stableStringify(block.input)}`);
    else if (block.type === 'tool_result') parts.push(`r|${stableStringify(parseMaybeJson(block.content))}`);
    else return null;
    if (block.type === 'tool_use' ? block.id : block.tool_use_id) withId++;
  }
  if (withId !== 0 && withId !== message.content.length) return null;
  return { key: parts.join('\u0001'), hasIds: withId > 0 };
}

export class ToolTurnCopies<T extends { message: SideMLMessage; removed: boolean }> {
  private readonly byKey = new Map<string, T>();

  register(node: T): void {
    const found = readCopyKey(node.message);
    if (found && !this.byKey.has(found.key)) this.byKey.set(found.key, node);
  }

  /** The kept node `message` copies, when one side has ids and the other none; else null. */
  find(message: SideMLMessage): T | null {
    const found = readCopyKey(message);
    const node = found ? this.byKey.get(found.key) : undefined;
    if (!found || !node || node.removed) return null;
    const nodeHasIds = readCopyKey(node.message)?.hasIds ?? false;
    return nodeHasIds !== found.hasIds ? node : null;
  }
}
