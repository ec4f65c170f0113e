import { Elysia } from "elysia";
import { RetryLaterError } from "../core/errors.ts";
import type { RuntimeSettingsSource } from "./runtime-settings.ts";

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

/** Today the client's address; once requests carry a verified credential, its id takes this place
 * (`key:<id>`), so the limit follows the caller rather than the network. */
export const byAddress: ClientKey = (_request, address) => `ip:${address ?? "unknown"}`;

/** Probes must keep answering under any load: they are not counted. */
const EXEMPT = /^\/health\//;

/** Per-client rate limits from the runtime config: 429 with `Retry-After` beyond them (issue 9 §5). */
export function rateLimit({
  runtime,
  clientKey = byAddress,
  clock = Date.now,
}: {
  runtime: RuntimeSettingsSource;
  clientKey?: ClientKey | undefined;
  clock?: () => number;
}) {
  const limiter = new RateLimiter();
  return new Elysia({ name: "rate-limit" }).onRequest(async ({ request, server }) => {
    if (EXEMPT.test(new URL(request.url).pathname)) return;
    const settings = await runtime.get();
    const wait = limiter.take(
      clientKey(request, server?.requestIP(request)?.address),
      { requests: settings.rate_limit_requests, windowMs: settings.rate_limit_window_ms, maxClients: settings.rate_limit_max_clients },
      clock(),
    );
    if (wait > 0) throw new RetryLaterError("rate_limited", "too many requests; retry after the time in Retry-After", 429, wait);
  });
}
