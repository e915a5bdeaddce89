// The span tree with its waterfall: one row per visible span (ARIA tree: arrows move,
// Right/Left expand/collapse or go to the child/parent, Home/End). Bars are coloured by
// kind: GenAI spans and errors stand out. Windowed: only the rows in view (and the
// selected one, which holds the keyboard focus) are in the DOM, so a 5,000-span trace
// costs what a 50-span one does; rows have a fixed height and say their place in the tree
// (aria-level, aria-posinset, aria-setsize), since the others are not there to be counted.
import { defaultRangeExtractor, type Virtualizer } from '@tanstack/virtual-core';
import type { RefObject } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SpanNode } from '../api/types.js';
import { formatDurationMs } from '../lib/format.js';
import { isBelow, listVisibleSpanRows, treeKeyAction, type SpanRow } from '../lib/span-rows.js';
import { isRowInView, withPinnedIndex } from '../lib/tree-window.js';
import { useVirtualRows } from './virtual-list.js';

/** px; must match .tree-row's height in styles.css (the rows are positioned by it). */
const ROW_HEIGHT = 24;

interface SpanTreeProps {
  roots: SpanNode[];
  selectedId: string | null;
  onSelect: (span: SpanNode) => void;
}

export function SpanTree({ roots, selectedId, onSelect }: SpanTreeProps) {
  const [collapsed, toggle] = useCollapsedSpans();
  const rows = useMemo(() => listVisibleSpanRows(roots, collapsed), [roots, collapsed]);
  const selectedIndex = Math.max(0, rows.findIndex((r) => r.span.span_id === selectedId));
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualRows(scroller, {
    count: rows.length, estimateSize: () => ROW_HEIGHT, keyOf: (i) => rows[i]!.span.span_id,
    rangeExtractor: (range) => withPinnedIndex(defaultRangeExtractor(range), selectedIndex),
  });
  const focusSelectedAfterRender = useSelectedRowInView(scroller, virtualizer, selectedIndex, selectedId);
  // Collapsing the selected span's ancestor selects that ancestor (as ← does), so the details
  // never show a span the tree no longer shows.
  const collapseOrExpand = (span: SpanNode) => {
    const open = collapsed.has(span.span_id);
    if (!open && isBelow(span, selectedId)) onSelect(span);
    toggle(span.span_id, open);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const action = treeKeyAction(rows, selectedIndex, event.key, (id) => collapsed.has(id));
    if (!action) return;
    event.preventDefault();
    const row = rows[action.index]!;
    if (action.kind !== 'move') toggle(row.span.span_id, action.kind === 'expand');
    else if (action.index !== selectedIndex) {
      focusSelectedAfterRender();
      onSelect(row.span);
    }
  };
  return (
    <div class="tree-scroll" ref={scroller}>
      <ul class="tree" role="tree" aria-label="Spans" onKeyDown={onKeyDown} style={`height:${virtualizer.getTotalSize()}px`}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const id = row.span.span_id;
          return (
            <SpanTreeRow key={id} row={row} top={item.start} selected={item.index === selectedIndex} expanded={!collapsed.has(id)}
              onSelect={() => onSelect(row.span)} onToggle={() => collapseOrExpand(row.span)} />
          );
        })}
      </ul>
    </div>
  );
}

/** The collapsed spans' ids, and toggle(id, open) that opens or closes one. */
function useCollapsedSpans(): [ReadonlySet<string>, (id: string, open: boolean) => void] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, open: boolean) => setCollapsed((c) => {
    const next = new Set(c);
    if (open) next.delete(id);
    else next.add(id);
    return next;
  });
  return [collapsed, toggle];
}

/** Scrolls the selected row into view whenever the selection changes, however it was chosen
 *  (keys, a click in the generations table). The returned function asks for the focus to
 *  follow on the next selection (a key press): the row is rendered wherever it is, being
 *  pinned, so it can take the focus before the scroll has drawn its neighbours. */
function useSelectedRowInView(scroller: RefObject<HTMLElement>, virtualizer: Virtualizer<HTMLElement, Element>, selectedIndex: number, selectedId: string | null): () => void {
  const focusAfterRender = useRef(false);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && !isRowInView(selectedIndex, ROW_HEIGHT, element.scrollTop, element.clientHeight)) {
      virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    }
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    element?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus({ preventScroll: true });
  }, [selectedId]);
  return () => { focusAfterRender.current = true; };
}

interface SpanTreeRowProps {
  row: SpanRow;
  top: number;
  selected: boolean;
  expanded: boolean;
  onSelect: () => void;
  onToggle: () => void;
}

function SpanTreeRow({ row, top, selected, expanded, onSelect, onToggle }: SpanTreeRowProps) {
  const { span } = row;
  const barClass = `bar${span.status_code === 'ERROR' ? ' error' : span.is_genai ? ' genai' : ''}`;
  return (
    <li role="treeitem" class="tree-row" style={`top:${top}px`} aria-level={row.depth + 1} aria-posinset={row.posInSet} aria-setsize={row.setSize}
      aria-selected={selected} aria-expanded={row.hasChildren ? expanded : undefined} tabIndex={selected ? 0 : -1} onClick={onSelect} data-span-id={span.span_id}>
      <span class="tree-label" style={`padding-left:${row.depth * 14}px`}>
        <span class="tree-toggle" aria-hidden="true" onClick={(e) => { e.stopPropagation(); onToggle(); }}>{row.hasChildren ? (expanded ? '▾' : '▸') : ''}</span>
        {span.span_name} <span class="soft">{span.observation_type !== 'span' ? span.observation_type : ''}</span>
      </span>
      <span class="bar-track" title={formatDurationMs(span.duration_ms)}>
        <span class={barClass} style={`left:${row.offsetPct}%;width:${row.widthPct}%`} />
      </span>
    </li>
  );
}
