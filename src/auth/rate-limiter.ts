// AUTH: per-caller rate limits, a token bucket per identity (an API key, a JWT subject) in
// process: `limit` requests a minute, refilled continuously, bursting up to `limit`. Several
// instances would each keep their own buckets (each allowing the full rate); sharing them
// needs a shared counter (e.g. Redis INCR with expiry per identity and minute) — not built.

export interface RateDecision {
  allowed: boolean;
  /** Requests a minute for this caller (X-RateLimit-Limit). */
  limit: number;
  /** Whole requests left now (X-RateLimit-Remaining). */
  remaining: number;
  /** Unix seconds when the bucket is full again (X-RateLimit-Reset). */
  resetAtSeconds: number;
  /** When refused: seconds until one request is allowed (Retry-After). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const MINUTE_MS = 60_000;
/** Buckets kept at most; the least recently used go first (a full bucket loses nothing). */
const MAX_BUCKETS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly nowMs: () => number = () => Date.now()) {}

  /** Takes one request from `identity`'s bucket of `limit` requests a minute. */
  take(identity: string, limit: number): RateDecision {
    const now = this.nowMs();
    const bucket = this.refill(identity, limit, now);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    const perMs = limit / MINUTE_MS;
    return {
      allowed,
      limit,
      remaining: Math.floor(bucket.tokens),
      resetAtSeconds: Math.ceil((now + (limit - bucket.tokens) / perMs) / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }

  private refill(identity: string, limit: number, now: number): Bucket {
    let bucket = this.buckets.get(identity);
    if (bucket) this.buckets.delete(identity);
    else bucket = { tokens: limit, updatedMs: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.updatedMs) * limit) / MINUTE_MS);
    bucket.updatedMs = now;
    this.buckets.set(identity, bucket); // most recently used last
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
    return bucket;
  }
}
