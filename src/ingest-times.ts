// INGEST: where a span sits on the time axis. Lists and their time windows order traces and
// spans by start time; a span from a clock set to 1970 (start 0) or to next year would sit
// outside every "last 24 h" window for good. Such a span is placed at its receive time
// instead, and the times it was sent with are kept beside it (clock_skew_json) for export,
// display and the `clock_skew` filter. Plausible spans (nearly all) take the fast path.

/** 2000-01-01T00:00:00Z: earlier starts are a zero, an unset clock, or seconds/ms sent as ns. */
export const EARLIEST_PLAUSIBLE_START_NS = 946_684_800_000_000_000n;
/** How far ahead of the receive time a sender's clock may run before the span is placed. */
export const MAX_CLOCK_AHEAD_MS = 60 * 60 * 1000;
/** A placed span keeps its own duration only when it is this long at most. */
const MAX_KEPT_DURATION_NS = 24n * 3600n * 1_000_000_000n;

export interface PlacedSpanTimes {
  startNs: bigint;
  endNs: bigint;
  durationNs: bigint;
  /** {"start_time_unix_nano","end_time_unix_nano"} as sent, decimal strings. */
  clockSkewJson: string;
}

let latestForMs = -1;
let latestPlausibleStartNs = 0n;

/** null when the span's own times are usable as they are (start plausible, end not before it). */
export function placeSpanTimes(startNs: bigint, endNs: bigint, receivedMs: number): PlacedSpanTimes | null {
  // One BigInt per receive millisecond, not per span (a batch shares its receive time).
  if (receivedMs !== latestForMs) latestForMs = receivedMs, latestPlausibleStartNs = BigInt(receivedMs + MAX_CLOCK_AHEAD_MS) * 1_000_000n;
  const plausibleStart = startNs >= EARLIEST_PLAUSIBLE_START_NS && startNs <= latestPlausibleStartNs;
  if (plausibleStart && endNs >= startNs) return null;
  const clockSkewJson = `{"start_time_unix_nano":"${startNs}","end_time_unix_nano":"${endNs}"}`;
  if (plausibleStart) return { startNs, endNs: startNs, durationNs: 0n, clockSkewJson };
  const placedStartNs = BigInt(receivedMs) * 1_000_000n;
  const ownDurationNs = endNs - startNs;
  const durationNs = ownDurationNs >= 0n && ownDurationNs <= MAX_KEPT_DURATION_NS ? ownDurationNs : 0n;
  return { startNs: placedStartNs, endNs: placedStartNs + durationNs, durationNs, clockSkewJson };
}
