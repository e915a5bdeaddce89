// VIEW LOGIC (web UI): numbers and times as the lists show them. Pure; tested in format.test.ts.

const UNITS: [number, string][] = [[60, 's'], [60, 'm'], [24, 'h'], [30, 'd'], [12, 'mo']];

/** "5s ago", "3m ago", "2d ago"; the exact time goes in a title attribute beside it. */
export function formatRelativeTime(iso: string, nowMs: number): string {
  let value = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (value < 5) return 'just now';
  for (const [size, unit] of UNITS) {
    if (value < size) return `${value}${unit} ago`;
    value = Math.floor(value / size);
  }
  return `${value}y ago`;
}

/** The exact local time with milliseconds, for hovering. */
export function formatExactTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export function formatDurationMs(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.round((ms % 60_000) / 1000)}s`;
}

export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}

/** USD; "—" when unknown, "≥" when some generations had no price (cost_complete false). */
export function formatCost(usd: number | null, complete = true): string {
  if (usd === null) return '—';
  const prefix = complete ? '' : '≥';
  if (usd === 0) return `${prefix}$0`;
  if (usd < 0.01) return `${prefix}$${usd.toFixed(Math.min(10, 2 - Math.floor(Math.log10(usd))))}`;
  return `${prefix}$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** One line of at most `max` characters (previews can hold newlines and long JSON). */
export function toOneLine(text: string | null, max = 160): string {
  if (!text) return '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
