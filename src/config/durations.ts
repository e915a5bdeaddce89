// CONFIG: durations as people write them — `250ms`, `30s`, `10m`, `2h`, `7d`, `1w` — the one
// parser behind config values (retention.max_age), CLI flags (--since, --timeout) and the
// analytics API's relative times (now-1h). Input: text. Output: milliseconds, or null.

export const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** `<number><unit>` to ms; null when the text is not such a duration. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  return match ? Number(match[1]) * DURATION_UNITS_MS[match[2]!]! : null;
}
