// VIEW LOGIC (web UI): which rows a windowed tree keeps in the DOM. The rows in view (plus
// overscan) come from the virtualizer; the focused row is kept too, wherever it is, so
// scrolling it out of view with the wheel does not unmount it and drop keyboard focus.

/** The virtualizer's indexes (ascending) with `pinned` added in order; null: none pinned. */
export function withPinnedIndex(indexes: number[], pinned: number | null): number[] {
  if (pinned === null || pinned < 0 || indexes.includes(pinned)) return indexes;
  const at = indexes.findIndex((i) => i > pinned);
  return at < 0 ? [...indexes, pinned] : [...indexes.slice(0, at), pinned, ...indexes.slice(at)];
}

/** True when row `index` (fixed `rowHeight`) lies wholly inside the scrolled viewport. */
export function isRowInView(index: number, rowHeight: number, scrollTop: number, viewHeight: number): boolean {
  const top = index * rowHeight;
  return top >= scrollTop && top + rowHeight <= scrollTop + viewHeight;
}
