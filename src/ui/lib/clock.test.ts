import { describe, expect, it } from 'vitest';
import { createClock, type Timers } from './clock.js';
import { formatRelativeTime } from './format.js';

/** Timers driven by hand: `advance` moves the time and runs the interval when it is due. */
function manualTimers() {
  let nowMs = Date.parse('2026-01-02T00:00:00Z');
  let interval: { run: () => void; ms: number; next: number } | null = null;
  const timers: Timers = {
    now: () => nowMs,
    setInterval: (run, ms) => (interval = { run, ms, next: nowMs + ms }),
    clearInterval: () => { interval = null; },
  };
  const advance = (ms: number) => {
    const target = nowMs + ms;
    while (interval && interval.next <= target) {
      nowMs = interval.next;
      interval.next += interval.ms;
      interval.run();
    }
    nowMs = target;
  };
  return { timers, advance, running: () => interval !== null };
}

describe('page clock', () => {
  it('moves every subscriber to the same new time on each tick, not in between', () => {
    const { timers, advance } = manualTimers();
    const clock = createClock(30_000, timers);
    const seen: number[][] = [[], []];
    const stops = seen.map((list) => clock.subscribe((now) => list.push(now)));
    const start = clock.now();
    advance(29_000);
    expect(clock.now()).toBe(start);
    advance(1_000);
    expect(clock.now()).toBe(start + 30_000);
    advance(60_000);
    expect(seen[0]).toEqual([start + 30_000, start + 60_000, start + 90_000]);
    expect(seen[1]).toEqual(seen[0]);
    stops.forEach((stop) => stop());
  });
  it('runs its timer only while someone shows a time, and is current when idle', () => {
    const { timers, advance, running } = manualTimers();
    const clock = createClock(30_000, timers);
    expect(running()).toBe(false);
    const stop = clock.subscribe(() => undefined);
    expect(running()).toBe(true);
    stop();
    expect(running()).toBe(false);
    const before = clock.now();
    advance(5_000);
    expect(clock.now()).toBe(before + 5_000);
  });
  it('ages a relative time as the ticks pass', () => {
    const { timers, advance } = manualTimers();
    const clock = createClock(30_000, timers);
    const stop = clock.subscribe(() => undefined);
    const start = new Date(clock.now() - 100_000).toISOString();
    expect(formatRelativeTime(start, clock.now())).toBe('1m ago');
    advance(20_000);
    expect(formatRelativeTime(start, clock.now())).toBe('1m ago');
    advance(10_000);
    expect(formatRelativeTime(start, clock.now())).toBe('2m ago');
    stop();
  });
});
