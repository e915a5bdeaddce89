// VIEW LOGIC (web UI): the span tree as the rows a tree view shows — depth-first, children
// of collapsed spans hidden — with each span's bar on the trace's timeline (percent).
import type { SpanNode } from '../api/types.js';

export interface SpanRow {
  span: SpanNode;
  depth: number;
  hasChildren: boolean;
  /** Bar start and width, percent of the trace's time range. */
  offsetPct: number;
  widthPct: number;
}

export function listVisibleSpanRows(roots: SpanNode[], collapsed: ReadonlySet<string>): SpanRow[] {
  const all = flattenSpans(roots);
  const startMs = Math.min(...all.map((s) => Date.parse(s.timestamp_start)));
  const endMs = Math.max(...all.map((s) => Date.parse(s.timestamp_start) + s.duration_ms));
  const rangeMs = Math.max(endMs - startMs, 0.001);
  const rows: SpanRow[] = [];
  const visit = (span: SpanNode, depth: number) => {
    const offsetPct = ((Date.parse(span.timestamp_start) - startMs) / rangeMs) * 100;
    rows.push({ span, depth, hasChildren: span.children.length > 0, offsetPct, widthPct: Math.min((span.duration_ms / rangeMs) * 100, 100 - offsetPct) });
    if (!collapsed.has(span.span_id)) for (const child of span.children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
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
