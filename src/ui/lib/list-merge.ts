// VIEW LOGIC (web UI): live updates of a newest-first list. A fresh first page is merged
// into what is shown: rows already there are updated in place (a trace grows as spans
// arrive), newer ones go on top, and the count of rows added lets the list shift its
// scroll offset by as much, so the row the user is reading stays under their eyes.

export interface MergeResult<T> {
  rows: T[];
  addedOnTop: number;
}

export function mergeNewestPage<T>(shown: T[], fresh: T[], keyOf: (row: T) => string): MergeResult<T> {
  const freshByKey = new Map(fresh.map((row) => [keyOf(row), row]));
  const shownKeys = new Set(shown.map(keyOf));
  const added = fresh.filter((row) => !shownKeys.has(keyOf(row)));
  const updated = shown.map((row) => freshByKey.get(keyOf(row)) ?? row);
  return { rows: [...added, ...updated], addedOnTop: added.length };
}

/** Appends a further page, skipping rows that moved onto it because newer ones arrived. */
export function appendPage<T>(shown: T[], next: T[], keyOf: (row: T) => string): T[] {
  const shownKeys = new Set(shown.map(keyOf));
  return [...shown, ...next.filter((row) => !shownKeys.has(keyOf(row)))];
}
