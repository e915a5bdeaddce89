// The per-caller token bucket under a burst: the limit is served at once, then refused with
// a retry delay, then refilled at limit/60 per second; callers do not share buckets.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/auth/rate-limiter.js';

describe('RateLimiter', () => {
  it('serves a burst up to the limit, refuses the next with a retry delay, and refills over time', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now);
    const burst = Array.from({ length: 60 }, () => limiter.take('key:a', 60));
    expect(burst.every((d) => d.allowed)).toBe(true);
    expect(burst[59]).toMatchObject({ remaining: 0, limit: 60 });
    const refused = limiter.take('key:a', 60);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(refused.resetAtSeconds).toBe(Math.ceil((now + 60_000) / 1000));
    expect(limiter.take('key:b', 60).allowed).toBe(true);
    now += 1000; // one token a second at 60 a minute
    expect(limiter.take('key:a', 60).allowed).toBe(true);
    expect(limiter.take('key:a', 60).allowed).toBe(false);
    now += 120_000; // never more than the limit
    expect(limiter.take('key:a', 60).remaining).toBe(59);
  });
});
