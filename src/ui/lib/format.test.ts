import { describe, expect, it } from 'vitest';
import { formatCost, formatDurationMs, formatRelativeTime, formatTokens, toOneLine } from './format.js';

describe('formatters', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  it('relative times', () => {
    expect(formatRelativeTime('2026-01-02T00:00:00Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-01-01T23:59:30Z', now)).toBe('30s ago');
    expect(formatRelativeTime('2026-01-01T23:57:00Z', now)).toBe('3m ago');
    expect(formatRelativeTime('2026-01-01T21:00:00Z', now)).toBe('3h ago');
    expect(formatRelativeTime('2025-12-30T00:00:00Z', now)).toBe('3d ago');
    expect(formatRelativeTime('2026-01-03T00:00:00Z', now)).toBe('just now');
  });
  it('durations', () => {
    expect(formatDurationMs(0.25)).toBe('250µs');
    expect(formatDurationMs(42.4)).toBe('42ms');
    expect(formatDurationMs(1234)).toBe('1.23s');
    expect(formatDurationMs(75_000)).toBe('1m 15s');
  });
  it('tokens and cost', () => {
    expect(formatTokens(999)).toBe('999');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatCost(null)).toBe('—');
    expect(formatCost(0.000123)).toBe('$0.000123');
    expect(formatCost(5.52e-5)).toBe('$0.0000552');
    expect(formatCost(0.5, false)).toBe('≥$0.5000');
    expect(formatCost(12.345)).toBe('$12.35');
  });
  it('one-line previews', () => {
    expect(toOneLine('a\n  b', 10)).toBe('a b');
    expect(toOneLine('abcdefghijkl', 5)).toBe('abcd…');
    expect(toOneLine(null)).toBe('');
  });
});
