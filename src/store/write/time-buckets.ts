// STORE: the start-time bucket sizes of trace_time_buckets (counts in store/write/trace-counts.ts,
// maxima in store/write/trace-zones.ts).

/** Start-time bucket sizes, as right shifts of start_ns: ~1.07 s, ~4.6 min and ~19.5 h. Each
 *  level splits a bucket of the one above into at most 256, so finding a page reads at most
 *  a few hundred bucket rows per level (months of data at ~4.6 min alone were ~9k rows). */
export const TIME_BUCKET_LEVELS = [{ level: 0, shift: 30n }, { level: 1, shift: 38n }, { level: 2, shift: 46n }] as const;
