// VIEW LOGIC (web UI): the span tree as the rows a tree view shows — depth-first, children
// of collapsed spans hidden — with each span's bar on the trace's timeline (percent), and
// what a key press does on it (WAI-ARIA tree pattern).
import type { SpanNode } from '../api/types.js';

export interface SpanRow {
  span: SpanNode;
  depth: number;
  hasChildren: boolean;
  /** Place among its siblings (1-based) and their count: aria-posinset / aria-setsize, which
   *  a windowed tree must state because most rows are not in the DOM to be counted. */
  posInSet: number;
  setSize: number;
  /** Bar start and width, percent of the trace's time range. */
  offsetPct: number;
  widthPct: number;
}

export function listVisibleSpanRows(roots: SpanNode[], collapsed: ReadonlySet<string>): SpanRow[] {
  // A loop, not Math.min(...spans): spreading 100k+ arguments overflows the stack, and a
  // windowed tree can now show traces that large.
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const span of flattenSpans(roots)) {
    const spanStartMs = Date.parse(span.timestamp_start);
    startMs = Math.min(startMs, spanStartMs);
    endMs = Math.max(endMs, spanStartMs + span.duration_ms);
  }
  const rangeMs = Math.max(endMs - startMs, 0.001);
  const rows: SpanRow[] = [];
  const visit = (span: SpanNode, depth: number, posInSet: number, setSize: number) => {
    const offsetPct = ((Date.parse(span.timestamp_start) - startMs) / rangeMs) * 100;
    const widthPct = Math.min((span.duration_ms / rangeMs) * 100, 100 - offsetPct);
    rows.push({ span, depth, hasChildren: span.children.length > 0, posInSet, setSize, offsetPct, widthPct });
    if (!collapsed.has(span.span_id)) span.children.forEach((child, i) => visit(child, depth + 1, i + 1, span.children.length));
  };
  roots.forEach((root, i) => visit(root, 0, i + 1, roots.length));
  return rows;
}

export function flattenSpans(roots: SpanNode[]): SpanNode[] {
  const out: SpanNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const span = stack.pop()!;
    out.push(span);
    for (let i = span.children.length - 1; i >= 0; i--) stack.push(span.children[i]!);
  }
  return out;
}

/** The row index after a tree key press (WAI-ARIA tree pattern), or null: not handled. */
/** Whether `spanId` is below `node` (a child, grandchild…): collapsing `node` hides it. */
export function isBelow(node: SpanNode, spanId: string | null): boolean {
  if (spanId === null) return false;
  const stack = [...node.children];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.span_id === spanId) return true;
    stack.push(...next.children);
  }
  return false;
}

export function moveInTree(rows: SpanRow[], index: number, key: string): number | null {
  if (key === 'ArrowDown') return Math.min(index + 1, rows.length - 1);
  if (key === 'ArrowUp') return Math.max(index - 1, 0);
  if (key === 'Home') return 0;
  if (key === 'End') return rows.length - 1;
  if (key === 'ArrowLeft') {
    const depth = rows[index]!.depth;
    for (let i = index - 1; i >= 0; i--) if (rows[i]!.depth < depth) return i;
    return index;
  }
  return null;
}

export type TreeKeyAction = { kind: 'expand' | 'collapse' | 'move'; index: number };

/** What a key press on row `index` does, or null (not a tree key: let the browser have it).
 *  Right opens a closed parent, then goes to its first child; Left closes an open parent,
 *  else goes to the parent; Up/Down/Home/End move (moveInTree). */
export function treeKeyAction(rows: SpanRow[], index: number, key: string, isCollapsed: (spanId: string) => boolean): TreeKeyAction | null {
  const row = rows[index];
  if (!row) return null;
  const open = row.hasChildren && !isCollapsed(row.span.span_id);
  if (key === 'ArrowRight') {
    if (!row.hasChildren) return null;
    return open ? { kind: 'move', index: index + 1 } : { kind: 'expand', index };
  }
  if (key === 'ArrowLeft' && open) return { kind: 'collapse', index };
  const next = moveInTree(rows, index, key);
  return next === null ? null : { kind: 'move', index: next };
}
