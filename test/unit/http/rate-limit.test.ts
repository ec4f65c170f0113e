import { describe, expect, test } from "bun:test";
import { byAddress, RateLimiter } from "../../../http/rate-limit.ts";

const LIMITS = { requests: 3, windowMs: 60_000, maxClients: 100 };

describe("RateLimiter", () => {
  test("a client gets its burst, then waits for one token; another client is not affected", () => {
    const limiter = new RateLimiter();
    expect([0, 1, 2].map(() => limiter.take("ip:a", LIMITS, 0))).toEqual([0, 0, 0]);
    expect(limiter.take("ip:a", LIMITS, 0)).toBe(20);
    expect(limiter.take("ip:b", LIMITS, 0)).toBe(0);
    // One token comes back every 20 s.
    expect(limiter.take("ip:a", LIMITS, 19_000)).toBeCloseTo(1, 5);
    expect(limiter.take("ip:a", LIMITS, 20_000)).toBe(0);
    expect(limiter.take("ip:a", LIMITS, 20_000)).toBeGreaterThan(0);
  });

  test("memory is bounded: beyond maxClients the least recently seen are forgotten", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1000; i += 1) limiter.take(`ip:${i}`, { ...LIMITS, maxClients: 10 }, i);
    expect(limiter.clients).toBe(10);
  });

  test("the key is the peer address until requests carry a credential", () => {
    expect(byAddress(new Request("http://gutters.test/"), "203.0.113.9")).toBe("ip:203.0.113.9");
    expect(byAddress(new Request("http://gutters.test/"), undefined)).toBe("ip:unknown");
  });
});
