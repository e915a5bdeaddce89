// NORMALIZE stage, messages: tool calls that carry no id (CrewAI ReAct steps, OpenLLMetry-JS
// legacy completions) can only be matched by name and arguments. A turn made of nothing but such
// calls — a tool span's own copy of the call — repeats a call an earlier, fuller turn already
// made (the model's output with its thought), so it is dropped; each earlier call answers one
// copy, so a call really made twice still shows twice.

import type { SideMLMessage } from '../types.js';
import { stableStringify } from './message-hash.js';

function readIdlessCallKeys(message: SideMLMessage): string[] {
  const keys: string[] = [];
  for (const block of message.content) {
    if (block.type === 'tool_use' && !block.id) keys.push(`${message.role}\u0001${block.name}\u0001${stableStringify(block.input)}`);
  }
  return keys;
}

export class IdlessCallLedger {
  private readonly unanswered = new Map<string, number>();

  /** Registers the id-less calls of a kept turn that says more than its calls. */
  add(message: SideMLMessage): void {
    const keys = readIdlessCallKeys(message);
    if (keys.length === 0 || keys.length === message.content.length) return;
    for (const key of keys) this.unanswered.set(key, (this.unanswered.get(key) ?? 0) + 1);
  }

  /** True, consuming the earlier calls, when `message` is only id-less calls all made before. */
  takeCopy(message: SideMLMessage): boolean {
    const keys = readIdlessCallKeys(message);
    if (keys.length === 0 || keys.length !== message.content.length) return false;
    const needed = new Map<string, number>();
    for (const key of keys) needed.set(key, (needed.get(key) ?? 0) + 1);
    for (const [key, count] of needed) if ((this.unanswered.get(key) ?? 0) < count) return false;
    for (const [key, count] of needed) this.unanswered.set(key, this.unanswered.get(key)! - count);
    return true;
  }
}
