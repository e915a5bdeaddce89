// A windowed list (@tanstack/virtual-core): only the rows in view (plus overscan) are in
// the DOM, so 100k rows paint as fast as 50. Fixed row height keeps the live-insert scroll
// correction exact. Each row holds a link; arrow keys move focus between the rows' links.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

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
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, Element>({
    count: props.rows.length, getScrollElement: () => scroller.current, estimateSize: () => props.rowHeight,
    scrollToFn: elementScroll, observeElementRect, observeElementOffset, overscan: 8, onChange: () => rerender(0),
  }));
  virtualizer.setOptions({ ...virtualizer.options, count: props.rows.length, getItemKey: (i) => props.keyOf(props.rows[i]!) });
  useEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
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
