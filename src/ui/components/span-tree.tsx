// The span tree with its waterfall: one row per visible span (ARIA tree: arrows move,
// Right/Left expand/collapse or go to the parent, Enter/Space select). Bars are coloured by
// kind: GenAI spans and errors stand out.
import { useMemo, useRef, useState } from 'preact/hooks';
import type { SpanNode } from '../api/types.js';
import { formatDurationMs } from '../lib/format.js';
import { listVisibleSpanRows, moveInTree, type SpanRow } from '../lib/span-rows.js';

export function SpanTree({ roots, selectedId, onSelect }: { roots: SpanNode[]; selectedId: string | null; onSelect: (span: SpanNode) => void }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const rows = useMemo(() => listVisibleSpanRows(roots, collapsed), [roots, collapsed]);
  const list = useRef<HTMLUListElement>(null);
  const selectedIndex = Math.max(0, rows.findIndex((r) => r.span.span_id === selectedId));
  const toggle = (id: string, open: boolean) => setCollapsed((c) => {
    const next = new Set(c);
    if (open) next.delete(id);
    else next.add(id);
    return next;
  });
  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[selectedIndex];
    if (!row) return;
    if (event.key === 'ArrowRight' && row.hasChildren && collapsed.has(row.span.span_id)) toggle(row.span.span_id, true);
    else if (event.key === 'ArrowLeft' && row.hasChildren && !collapsed.has(row.span.span_id)) toggle(row.span.span_id, false);
    else {
      const next = moveInTree(rows, selectedIndex, event.key);
      if (next === null) return;
      onSelect(rows[next]!.span);
      list.current?.querySelectorAll<HTMLElement>('[role="treeitem"]')[next]?.focus();
    }
    event.preventDefault();
  };
  return (
    <ul class="tree" role="tree" aria-label="Spans" ref={list} onKeyDown={onKeyDown}>
      {rows.map((row, index) => (
        <SpanTreeRow key={row.span.span_id} row={row} selected={index === selectedIndex} expanded={!collapsed.has(row.span.span_id)}
          onSelect={() => onSelect(row.span)} onToggle={() => toggle(row.span.span_id, collapsed.has(row.span.span_id))} />
      ))}
    </ul>
  );
}

function SpanTreeRow({ row, selected, expanded, onSelect, onToggle }: { row: SpanRow; selected: boolean; expanded: boolean; onSelect: () => void; onToggle: () => void }) {
  const { span } = row;
  const barClass = `bar${span.status_code === 'ERROR' ? ' error' : span.is_genai ? ' genai' : ''}`;
  return (
    <li role="treeitem" class="tree-row" aria-level={row.depth + 1} aria-selected={selected} aria-expanded={row.hasChildren ? expanded : undefined}
      tabIndex={selected ? 0 : -1} onClick={onSelect} data-span-id={span.span_id}>
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
