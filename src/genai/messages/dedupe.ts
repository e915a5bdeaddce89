// NORMALIZE stage, messages: merges the per-span message lists of one trace (or session)
// into one conversation where each turn appears once, in order, as its richest copy.
// Input: spans' messages with start (and optionally end) times; output: SideML messages.
//
// Each span contributes its input history at its start time and its output at its end time
// (so an agent root's final answer lands after the steps that produced it). Sequences are
// merged like a diff: a known message (same content hash, or a tool call/result whose ids were
// all seen) is an anchor; new messages go right before the next anchor of their own sequence,
// or at the end when none follows.

import type { SideMLMessage } from '../types.js';
import { IdlessCallLedger } from './idless-tool-calls.js';
import { createMessageHash, readToolIdKeys } from './message-hash.js';
import { ToolTurnCopies } from './tool-turn-copies.js';

export interface ConversationItem {
  spanId: string;
  startTimeUnixNano: bigint;
  /** When given, the span's output messages are placed at this time; else at its start. */
  endTimeUnixNano?: bigint;
  messages: SideMLMessage[];
  /** Items with the same key are one history sent at once, split into records (one GenAI log
   *  record per message): their inputs are merged as one sequence, their outputs as another. */
  sequenceKey?: string;
}

interface Node {
  message: SideMLMessage;
  prev: Node | null;
  next: Node | null;
  removed: boolean;
}

interface SequenceEvent {
  time: bigint;
  item: number;
  isOutput: boolean;
  messages: SideMLMessage[];
}

/** Keyed items become one item per key, where the key first appears: messages in time order,
 *  start the earliest, end the latest. */
function joinKeyedItems(items: ConversationItem[]): ConversationItem[] {
  const slots: (ConversationItem | ConversationItem[])[] = [];
  const byKey = new Map<string, ConversationItem[]>();
  for (const item of items) {
    const group = item.sequenceKey === undefined ? undefined : byKey.get(item.sequenceKey);
    if (group) group.push(item);
    else if (item.sequenceKey === undefined) slots.push(item);
    else {
      byKey.set(item.sequenceKey, [item]);
      slots.push(byKey.get(item.sequenceKey)!);
    }
  }
  return slots.map((slot) => (Array.isArray(slot) ? joinGroup(slot) : slot));
}

function joinGroup(group: ConversationItem[]): ConversationItem {
  const endOf = (item: ConversationItem) => item.endTimeUnixNano ?? item.startTimeUnixNano;
  const ordered = [...group].sort((a, b) => (a.startTimeUnixNano === b.startTimeUnixNano ? 0 : a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  const end = ordered.map(endOf).reduce((a, b) => (b > a ? b : a));
  return { spanId: ordered[0]!.spanId, startTimeUnixNano: ordered[0]!.startTimeUnixNano, endTimeUnixNano: end, messages: ordered.flatMap((item) => item.messages) };
}

function createEvents(items: ConversationItem[]): SequenceEvent[] {
  const events: SequenceEvent[] = [];
  joinKeyedItems(items).forEach((entry, item) => {
    const input = entry.messages.filter((m) => m.direction !== 'output');
    const output = entry.messages.filter((m) => m.direction === 'output');
    if (input.length > 0) events.push({ time: entry.startTimeUnixNano, item, isOutput: false, messages: input });
    if (output.length > 0) events.push({ time: entry.endTimeUnixNano ?? entry.startTimeUnixNano, item, isOutput: true, messages: output });
  });
  // Same time: a span's own input precedes its output; otherwise what ended precedes what starts.
  return events.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -1 : 1;
    if (a.item === b.item) return Number(a.isOutput) - Number(b.isOutput);
    if (a.isOutput !== b.isOutput) return a.isOutput ? -1 : 1;
    return a.item - b.item;
  });
}

function scoreRichness(message: SideMLMessage): number {
  return message.content.length * 4 + (message.finish_reason ? 2 : 0) + (message.finish_reason_raw ? 1 : 0) + (message.name ? 1 : 0);
}

/** The richer copy wins; fields only the other copy has are kept. */
function mergeCopies(kept: SideMLMessage, incoming: SideMLMessage): SideMLMessage {
  const [rich, poor] = scoreRichness(incoming) > scoreRichness(kept) ? [incoming, kept] : [kept, incoming];
  const missing = (!rich.finish_reason && poor.finish_reason) || (!rich.finish_reason_raw && poor.finish_reason_raw) || (!rich.name && poor.name) || (!rich.timestamp_ns && poor.timestamp_ns);
  // Callers map kept messages back to their spans by identity: copy only when fields are added.
  if (!missing) return rich;
  const merged: SideMLMessage = { ...rich };
  if (!merged.finish_reason && poor.finish_reason) merged.finish_reason = poor.finish_reason;
  if (!merged.finish_reason_raw && poor.finish_reason_raw) merged.finish_reason_raw = poor.finish_reason_raw;
  if (!merged.name && poor.name) merged.name = poor.name;
  if (!merged.timestamp_ns && poor.timestamp_ns) merged.timestamp_ns = poor.timestamp_ns;
  return merged;
}

/** Inside one history, a turn made only of tool calls/results whose ids all came earlier in it
 *  is a second copy of those (botocore logs each tool result as a tool event and again in the
 *  user event that carries it): it merges into the first. Repeated text stays repeated. */
function mergeRepeatedToolTurns(messages: SideMLMessage[]): SideMLMessage[] {
  const out: SideMLMessage[] = [];
  const byId = new Map<string, number>();
  for (const message of messages) {
    const ids = readToolIdKeys(message);
    const earlier = ids.length > 0 && ids.length === message.content.length ? ids.map((id) => byId.get(id)) : [];
    if (earlier.length > 0 && earlier.every((index) => index !== undefined && out[index]!.role === message.role)) {
      const first = earlier[0]!;
      if (earlier.every((index) => index === first)) out[first] = mergeCopies(out[first]!, message);
      continue;
    }
    for (const id of ids) if (!byId.has(id)) byId.set(id, out.length);
    out.push(message);
  }
  return out;
}

class Conversation {
  private head: Node | null = null;
  private tail: Node | null = null;
  private readonly byHash = new Map<string, Node[]>();
  private readonly byToolId = new Map<string, Node>();
  private readonly idlessCalls = new IdlessCallLedger();
  private readonly toolTurnCopies = new ToolTurnCopies<Node>();

  insertBefore(message: SideMLMessage, before: Node | null): Node {
    const node: Node = { message, prev: null, next: null, removed: false };
    if (!before) {
      node.prev = this.tail;
      if (this.tail) this.tail.next = node;
      else this.head = node;
      this.tail = node;
    } else {
      node.prev = before.prev;
      node.next = before;
      if (before.prev) before.prev.next = node;
      else this.head = node;
      before.prev = node;
    }
    return node;
  }

  addSequence(sequence: SideMLMessage[]): void {
    const messages = mergeRepeatedToolTurns(sequence);
    const used = new Set<Node>();
    const hashes = messages.map(createMessageHash);
    const anchors = messages.map((message, i) => this.findAnchor(message, hashes[i]!, used));
    const nextAnchor: (Node | null)[] = new Array<Node | null>(messages.length).fill(null);
    for (let i = messages.length - 2; i >= 0; i--) nextAnchor[i] = anchors[i + 1]?.node ?? nextAnchor[i + 1]!;
    for (let i = 0; i < messages.length; i++) {
      const anchor = anchors[i];
      if (anchor) {
        if (anchor.exact) anchor.node.message = mergeCopies(anchor.node.message, messages[i]!);
        continue;
      }
      if (this.idlessCalls.takeCopy(messages[i]!)) continue;
      const copy = this.toolTurnCopies.find(messages[i]!);
      if (copy) {
        // The id'd copy takes the id-less one's place; an id-less copy of an id'd turn is dropped.
        if (readToolIdKeys(messages[i]!).length > 0) {
          copy.message = messages[i]!;
          this.register(copy, hashes[i]!);
        }
        continue;
      }
      const node = this.absorbToolOnlyCopies(messages[i]!) ?? this.insertBefore(messages[i]!, nextAnchor[i]!);
      used.add(node);
      this.register(node, hashes[i]!);
      this.idlessCalls.add(node.message);
    }
  }

  /** A tool span's lone tool_use message may arrive before the LLM output that made the call
   *  (clock granularity): the fuller message takes the place of such earlier partial copies. */
  private absorbToolOnlyCopies(message: SideMLMessage): Node | null {
    const ids = new Set(readToolIdKeys(message));
    if (ids.size === 0 || ids.size === message.content.length) return null;
    const partial = new Set<Node>();
    for (const id of ids) {
      const node = this.byToolId.get(id);
      if (!node || node.removed || node.message.role !== message.role) continue;
      const nodeIds = readToolIdKeys(node.message);
      if (nodeIds.length === node.message.content.length && nodeIds.every((key) => ids.has(key))) partial.add(node);
    }
    if (partial.size === 0) return null;
    const [keep, ...drop] = [...partial];
    for (const node of drop) this.unlink(node);
    // The partial copy may be the only one with the finish reason (botocore's gen_ai.choice).
    keep!.message = mergeCopies(keep!.message, message);
    return keep!;
  }

  /** Parallel tool results arrive in completion order; a later history that lists them
   *  together gives the call order, which reads better. The group moves to where its first member was. */
  private reorderGroup(ordered: Node[]): void {
    const members = new Set(ordered);
    let first: Node | null = null;
    for (let node = this.head; node; node = node.next) {
      if (members.has(node)) {
        first = node;
        break;
      }
    }
    let before = first;
    while (before && members.has(before)) before = before.next;
    for (const node of ordered) this.detach(node);
    for (const node of ordered) this.relinkBefore(node, before);
  }

  private relinkBefore(node: Node, before: Node | null): void {
    const inserted = this.insertBefore(node.message, before);
    // Keep the node's identity (maps point at it): splice it in where `inserted` was placed.
    node.prev = inserted.prev;
    node.next = inserted.next;
    if (inserted.prev) inserted.prev.next = node;
    else this.head = node;
    if (inserted.next) inserted.next.prev = node;
    else this.tail = node;
  }

  private unlink(node: Node): void {
    node.removed = true;
    this.detach(node);
  }

  private detach(node: Node): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
  }

  private findAnchor(message: SideMLMessage, hash: string, used: Set<Node>): { node: Node; exact: boolean } | null {
    const exact = this.byHash.get(hash)?.find((node) => !used.has(node) && !node.removed);
    if (exact) {
      used.add(exact);
      return { node: exact, exact: true };
    }
    const ids = readToolIdKeys(message);
    if (ids.length === 0 || ids.length !== message.content.length) return null;
    const covering = ids.map((id) => this.byToolId.get(id));
    if (covering.some((node) => !node || node.removed)) return null;
    const distinct = [...new Set(covering as Node[])];
    if (distinct.length > 1 && distinct.every((node) => node.message.role === 'tool')) this.reorderGroup(distinct);
    return { node: distinct[distinct.length - 1]!, exact: false };
  }

  private register(node: Node, hash: string): void {
    this.toolTurnCopies.register(node);
    const list = this.byHash.get(hash);
    if (list) list.push(node);
    else this.byHash.set(hash, [node]);
    for (const id of readToolIdKeys(node.message)) {
      const current = this.byToolId.get(id);
      if (!current || current.removed || current === node) this.byToolId.set(id, node);
    }
  }

  toArray(): SideMLMessage[] {
    const out: SideMLMessage[] = [];
    for (let node = this.head; node; node = node.next) out.push(node.message);
    return out;
  }
}

export function dedupeConversation(items: ConversationItem[]): SideMLMessage[] {
  const conversation = new Conversation();
  for (const event of createEvents(items)) {
    try {
      conversation.addSequence(event.messages);
    } catch {
      // A malformed message (not produced by our extractors) must not lose the rest of the conversation.
    }
  }
  return conversation.toArray();
}
