import { describe, expect, it } from 'vitest';
import type { Message, SpanNode } from '../api/types.js';
import { findFinalAnswerIndex, formatValue, toBlocks } from './conversation.js';
import { isBelow, listVisibleSpanRows, moveInTree, treeKeyAction } from './span-rows.js';
import { isRowInView, withPinnedIndex } from './tree-window.js';

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
  it('knows which spans a collapse hides (the selection then moves up to the collapsed span)', () => {
    const [root] = tree;
    expect(isBelow(root!, 'a1')).toBe(true);
    expect(isBelow(root!.children[0]!, 'a1')).toBe(true);
    expect(isBelow(root!.children[0]!, 'b')).toBe(false);
    expect(isBelow(root!, 'root')).toBe(false);
    expect(isBelow(root!, null)).toBe(false);
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
  it('lays out a 200,000-span trace (a windowed tree can show one; no argument spreading)', () => {
    const children = Array.from({ length: 200_000 }, (_, i) => span(`s${i}`, 1000 + i, 1));
    const rows = listVisibleSpanRows([span('root', 1000, 200_000, children)], new Set());
    expect(rows).toHaveLength(200_001);
    expect(rows[200_000]).toMatchObject({ depth: 1, posInSet: 200_000, setSize: 200_000 });
    expect(rows[200_000]!.offsetPct).toBeCloseTo(99.9995, 3);
  });
  it('states each row\'s place among its siblings (aria-posinset / aria-setsize)', () => {
    expect(listVisibleSpanRows(tree, new Set()).map((r) => [r.span.span_id, r.posInSet, r.setSize])).toEqual([
      ['root', 1, 1], ['a', 1, 2], ['a1', 1, 1], ['b', 2, 2],
    ]);
  });
  it('maps keys to tree actions: Right opens then enters, Left closes then goes up', () => {
    const rows = listVisibleSpanRows(tree, new Set());
    const open = () => false;
    expect(treeKeyAction(rows, 1, 'ArrowRight', open)).toEqual({ kind: 'move', index: 2 });
    expect(treeKeyAction(rows, 1, 'ArrowRight', (id) => id === 'a')).toEqual({ kind: 'expand', index: 1 });
    expect(treeKeyAction(rows, 2, 'ArrowRight', open)).toBeNull();
    expect(treeKeyAction(rows, 1, 'ArrowLeft', open)).toEqual({ kind: 'collapse', index: 1 });
    expect(treeKeyAction(rows, 2, 'ArrowLeft', open)).toEqual({ kind: 'move', index: 1 });
    expect(treeKeyAction(rows, 3, 'ArrowLeft', open)).toEqual({ kind: 'move', index: 0 });
    expect(treeKeyAction(rows, 0, 'End', open)).toEqual({ kind: 'move', index: 3 });
    expect(treeKeyAction(rows, 3, 'Home', open)).toEqual({ kind: 'move', index: 0 });
    expect(treeKeyAction(rows, 0, 'Enter', open)).toBeNull();
    expect(treeKeyAction([], 0, 'ArrowDown', open)).toBeNull();
  });
});

describe('tree window', () => {
  it('keeps the focused row rendered wherever it is, in index order', () => {
    expect(withPinnedIndex([10, 11, 12], 499)).toEqual([10, 11, 12, 499]);
    expect(withPinnedIndex([10, 11, 12], 0)).toEqual([0, 10, 11, 12]);
    expect(withPinnedIndex([10, 11, 12], 11)).toEqual([10, 11, 12]);
    expect(withPinnedIndex([10, 12], 11)).toEqual([10, 11, 12]);
    expect(withPinnedIndex([10, 11], null)).toEqual([10, 11]);
    expect(withPinnedIndex([10, 11], -1)).toEqual([10, 11]);
  });
  it('tells whether a row is wholly in the scrolled view (no scroll needed)', () => {
    expect(isRowInView(0, 24, 0, 240)).toBe(true);
    expect(isRowInView(9, 24, 0, 240)).toBe(true);
    expect(isRowInView(10, 24, 0, 240)).toBe(false);
    expect(isRowInView(4, 24, 100, 240)).toBe(false);
    expect(isRowInView(5, 24, 100, 240)).toBe(true);
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
