// A list cell's start time: relative ("3m ago"), ageing with the page clock, and the exact
// local time on hover. Only this cell re-renders on a tick.
import { formatExactTime, formatRelativeTime } from '../lib/format.js';
import { useNow } from '../lib/clock.js';

export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return <span title={formatExactTime(iso)}><time dateTime={iso}>{formatRelativeTime(iso, now)}</time></span>;
}
