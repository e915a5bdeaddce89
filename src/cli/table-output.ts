// CLI (queries): terminal rendering. Input: rows of cells and column specs; output: text
// that fits the terminal's width (flexible columns shrink, long cells end in '…'), and the
// short forms of times, durations, token counts and costs the tables show.

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Shrinks (down to `min`) when the table is wider than the terminal. */
  flex?: boolean;
  min?: number;
}

/** The width tables fit: the terminal's, or 100 columns when stdout is not a terminal. */
export function terminalWidth(): number {
  return process.stdout.columns || 100;
}

const GAP = 2;

export function formatTable(columns: Column[], rows: string[][], width = terminalWidth()): string {
  const cells = rows.map((row) => row.map(toCell));
  const widths = columns.map((c, i) => Math.max(length(c.header), ...cells.map((row) => length(row[i] ?? ''))));
  shrinkToFit(columns, widths, width - GAP * (columns.length - 1));
  const render = (row: string[]) => row.map((cell, i) => pad(clip(cell, widths[i]!), widths[i]!, columns[i]!.align)).join(' '.repeat(GAP)).trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].join('\n');
}

/** Takes the overflow off the widest flexible column, one character at a time. */
function shrinkToFit(columns: Column[], widths: number[], available: number): void {
  let overflow = widths.reduce((a, b) => a + b, 0) - available;
  while (overflow > 0) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.flex && widths[i]! > (c.min ?? 8) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) return;
    widths[widest]!--;
    overflow--;
  }
}

/** Code points, so that an emoji is not cut in half. */
function length(text: string): number {
  return [...text].length;
}

/** Whitespace (newlines too) collapsed: one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A cell is one line; leading spaces stay (they indent a tree). */
function toCell(text: string): string {
  const indent = /^ */.exec(text)![0];
  return indent + oneLine(text);
}

export function clip(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
}

function pad(text: string, width: number, align: Column['align']): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** `12s ago`, `5m ago`, `3h ago`, `2d ago`; a future time (clock skew) is `now`. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return '-';
  if (seconds < 1) return 'now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}

/** `850ms`, `1.25s`, `2m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** `1,234`; 0 shows as `-` so that rows without usage stay quiet. */
export function formatTokens(tokens: number): string {
  return tokens === 0 ? '-' : tokens.toLocaleString('en-US');
}

/** USD with enough digits for per-call costs: `$0.0123`, `$1.50`; 0 is `-`; unknown (no price) is `?`. */
export function formatCost(usd: number | null): string {
  if (usd === null) return '?';
  if (usd === 0) return '-';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(3).replace(/0+$/, '').replace(/\.$/, '')}`;
}
