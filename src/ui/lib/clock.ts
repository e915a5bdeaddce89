// VIEW LOGIC (web UI): one shared "now" for the relative times ("3m ago") of the lists, moved
// on every 30 s so they age while the page is open. One timer for the whole page, running
// only while some time is on screen; each time cell re-renders on its own, so the rows are
// not rebuilt, nothing is fetched again and the scroll position stays.
import { useEffect, useState } from 'preact/hooks';

export const CLOCK_TICK_MS = 30_000;

export interface Timers {
  now: () => number;
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

export interface Clock {
  /** The time every subscriber shows: the last tick while running, else the current time. */
  now(): number;
  /** `listener` is called with the new time on each tick; returns the unsubscribe. */
  subscribe(listener: (nowMs: number) => void): () => void;
}

export function createClock(tickMs: number, timers: Timers): Clock {
  const listeners = new Set<(nowMs: number) => void>();
  let handle: unknown = null;
  let current = timers.now();
  const tick = () => {
    current = timers.now();
    for (const listener of listeners) listener(current);
  };
  return {
    now: () => (handle === null ? timers.now() : current),
    subscribe(listener) {
      if (handle === null) {
        current = timers.now();
        handle = timers.setInterval(tick, tickMs);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && handle !== null) {
          timers.clearInterval(handle);
          handle = null;
        }
      };
    },
  };
}

const browserTimers: Timers = {
  now: () => Date.now(),
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

const pageClock = createClock(CLOCK_TICK_MS, browserTimers);

/** The page clock's time, re-rendering the caller on each tick. */
export function useNow(clock: Clock = pageClock): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => clock.subscribe(setNow), [clock]);
  return now;
}
