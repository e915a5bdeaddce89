// Windowing (@tanstack/virtual-core): only the rows in view (plus overscan) are in the DOM,
// so 100k rows paint as fast as 50. useVirtualRows is the hook (the span tree uses it too);
// VirtualList is the traces and sessions list: fixed row height, which keeps the live-insert
// scroll correction exact, each row holding a link, arrow keys moving focus between links.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type Range } from '@tanstack/virtual-core';
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualRowsOptions {
  count: number;
  /** The size of a row not yet measured (or of every row, when rows are not measured). */
  estimateSize: (index: number) => number;
  keyOf: (index: number) => string;
  overscan?: number;
  /** Which indexes to render, from the range in view (default: that range plus overscan). */
  rangeExtractor?: (range: Range) => number[];
}

/** A virtualizer over the scroll element `scroller`, re-rendering the caller on scroll and
 *  resize. Options are re-read on every render (count, keys, estimates may change). */
export function useVirtualRows(scroller: RefObject<HTMLElement>, options: VirtualRowsOptions): Virtualizer<HTMLElement, Element> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, Element>({
    count: options.count, getScrollElement: () => scroller.current, estimateSize: options.estimateSize,
    scrollToFn: elementScroll, observeElementRect, observeElementOffset, overscan: 8, onChange: () => rerender(0),
  }));
  const { keyOf, ...rest } = options;
  virtualizer.setOptions({ ...virtualizer.options, ...rest, getItemKey: keyOf });
  useEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}

export interface VirtualListProps<T> {
  rows: T[];
  rowHeight: number;
  label: string;
  /** Rows added on top since the last render: the scroll offset moves down by as many rows. */
  addedOnTop: number;
  keyOf: (row: T) => string;
  renderRow: (row: T, style: string, index: number) => ComponentChildren;
  onNearEnd?: () => void;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualRows(scroller, { count: props.rows.length, estimateSize: () => props.rowHeight, keyOf: (i) => props.keyOf(props.rows[i]!) });
  useLayoutEffect(() => {
    const element = scroller.current;
    // Someone reading further down keeps their row in place; at the very top, new rows show.
    if (element && props.addedOnTop > 0 && element.scrollTop > 0) element.scrollTop += props.addedOnTop * props.rowHeight;
  }, [props.rows]);
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= props.rows.length - 20) props.onNearEnd?.();
  }, [last?.index, props.rows.length]);
  return (
    <div class="list-scroll" ref={scroller} role="list" aria-label={props.label} onKeyDown={moveFocusWithArrows}>
      <div style={`height:${virtualizer.getTotalSize()}px;position:relative`}>
        {items.map((item) => props.renderRow(props.rows[item.index]!, `top:${item.start}px;height:${props.rowHeight}px`, item.index))}
      </div>
    </div>
  );
}

function moveFocusWithArrows(event: KeyboardEvent): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const current = (event.target as HTMLElement).closest('.list-row');
  const next = event.key === 'ArrowDown' ? current?.nextElementSibling : current?.previousElementSibling;
  const link = next?.querySelector('a');
  if (link) {
    event.preventDefault();
    link.focus();
    link.scrollIntoView({ block: 'nearest' });
  }
}
