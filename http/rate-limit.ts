export interface RateLimits {
  /** Requests per window, which is also the burst a fresh client may make at once. */
  requests: number;
  windowMs: number;
  /** Clients remembered at once; the least recently seen are forgotten beyond it. */
  maxClients: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per client: `requests` tokens refilled evenly over `windowMs`, one spent per request. Pure
 * apart from its own map, with time passed in. Returns 0 when the request may go, else the seconds until a
 * token is back (the `Retry-After`).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(key: string, limits: RateLimits, nowMs: number): number {
    const rate = limits.requests / limits.windowMs;
    const previous = this.buckets.get(key);
    const tokens = previous === undefined ? limits.requests : Math.min(limits.requests, previous.tokens + (nowMs - previous.updatedAt) * rate);
    // Re-inserted so the map's order is least recently seen first, which is what is forgotten beyond the cap.
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: nowMs });
      this.trim(limits.maxClients);
      return 0;
    }
    this.buckets.set(key, { tokens, updatedAt: nowMs });
    this.trim(limits.maxClients);
    return (1 - tokens) / rate / 1000;
  }

  get clients(): number {
    return this.buckets.size;
  }

  private trim(maxClients: number): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= maxClients) return;
      this.buckets.delete(key);
    }
  }
}

/** Who a request counts against, given the request and the peer address the server saw. */
export type ClientKey = (request: Request, address: string | undefined) => string;

/** The client's address: what a request without a verified credential counts against (a verified one counts
 * against its key or person, so the limit follows the caller rather than the network). */
export const byAddress: ClientKey = (_request, address) => `ip:${address ?? "unknown"}`;
