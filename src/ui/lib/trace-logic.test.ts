import { describe, expect, it } from 'vitest';
import type { Message, SpanNode } from '../api/types.js';
import { findFinalAnswerIndex, formatValue, toBlocks } from './conversation.js';
import { listVisibleSpanRows, moveInTree } from './span-rows.js';

const span = (id: string, startMs: number, durationMs: number, children: SpanNode[] = []) =>
  ({ span_id: id, timestamp_start: new Date(startMs).toISOString(), duration_ms: durationMs, children }) as unknown as SpanNode;

describe('span rows', () => {
  const tree = [span('root', 1000, 100, [span('a', 1000, 50, [span('a1', 1010, 10)]), span('b', 1050, 50)])];
  it('flattens depth-first with timeline offsets, hiding collapsed children', () => {
    const rows = listVisibleSpanRows(tree, new Set());
    expect(rows.map((r) => [r.span.span_id, r.depth, r.offsetPct, r.widthPct])).toEqual([
      ['root', 0, 0, 100], ['a', 1, 0, 50], ['a1', 2, 10, 10], ['b', 1, 50, 50],
    ]);
    expect(listVisibleSpanRows(tree, new Set(['a'])).map((r) => r.span.span_id)).toEqual(['root', 'a', 'b']);
  });
  it('moves like a tree: up, down, to the parent, home, end', () => {
    const rows = listVisibleSpanRows(tree, new Set());
    expect(moveInTree(rows, 0, 'ArrowDown')).toBe(1);
    expect(moveInTree(rows, 2, 'ArrowLeft')).toBe(1);
    expect(moveInTree(rows, 3, 'ArrowLeft')).toBe(0);
    expect(moveInTree(rows, 1, 'End')).toBe(3);
    expect(moveInTree(rows, 0, 'ArrowUp')).toBe(0);
    expect(moveInTree(rows, 0, 'x')).toBeNull();
  });
});

describe('conversation', () => {
  const msg = (role: string, content: unknown[]) => ({ role, content }) as unknown as Message;
  it('finds the final answer: the last assistant turn with text', () => {
    const messages = [msg('user', [{ type: 'text', text: 'q' }]), msg('assistant', [{ type: 'text', text: 'a' }]),
      msg('assistant', [{ type: 'tool_use', id: 'c1', name: 'get_weather', input: { city: 'Paris' } }]), msg('tool', [{ type: 'tool_result', content: 'x' }])];
    expect(findFinalAnswerIndex(messages)).toBe(1);
    expect(findFinalAnswerIndex([])).toBe(-1);
  });
  it('maps blocks to kinds, images drawn only from inline data', () => {
    expect(toBlocks([{ type: 'tool_use', id: 'c1', name: 'f', input: { a: 1 } }, { type: 'thinking', text: 'hmm' },
      { type: 'image', url: 'https://x/y.png' }, { type: 'image', file_id: 'f1' }, { type: 'image', data: 'AAA', mime_type: 'image/jpeg' }])).toEqual([
      { kind: 'tool_call', name: 'f', id: 'c1', args: { a: 1 } }, { kind: 'reasoning', text: 'hmm' },
      { kind: 'image', src: null, url: 'https://x/y.png', label: 'image' }, { kind: 'image', src: null, url: null, label: 'image' },
      { kind: 'image', src: 'data:image/jpeg;base64,AAA', url: null, label: 'image/jpeg' },
    ]);
    expect(formatValue([{ text: 'a' }, { text: 'b' }])).toBe('a\nb');
    expect(formatValue({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
