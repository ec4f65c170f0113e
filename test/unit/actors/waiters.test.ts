import { describe, expect, test } from "bun:test";
import { jobKey, Waiters } from "../../../actors/waiters.ts";

describe("Waiters: a message waits for its work, bounded in time", () => {
  test("every waiter of a key is released by one settle; other keys keep waiting", async () => {
    const waiters = new Waiters(10_000);
    const released: string[] = [];
    const a1 = waiters.wait("a").then(() => released.push("a1"));
    const a2 = waiters.wait("a").then(() => released.push("a2"));
    void waiters.wait("b").then(() => released.push("b"));
    expect(waiters.size).toBe(2);
    waiters.settle("a");
    await Promise.all([a1, a2]);
    expect(released.sort()).toEqual(["a1", "a2"]);
    expect(waiters.size).toBe(1);
    waiters.settle("b");
    waiters.settle("nobody");
    expect(waiters.size).toBe(0);
  });

  test("a wait that outlives the timeout ends anyway and is counted", async () => {
    const waiters = new Waiters(20);
    const other = waiters.wait("k");
    await waiters.wait("k");
    await other;
    expect(waiters.timedOut).toBe(2);
    expect(waiters.size).toBe(0);
  });

  test("job keys name module and event", () => {
    expect(jobKey("astrology", "u1/r2.x")).not.toBe(jobKey("numerology", "u1/r2.x"));
  });
});
