import { describe, expect, test } from "bun:test";
import { ConfigCache } from "../../../actors/config-cache.ts";

describe("config cache of modules hosted elsewhere", () => {
  test("one read per module per lifetime; forget reads again at once; a failed read is not kept", async () => {
    let now = 0;
    const reads: string[] = [];
    let failNext = false;
    const cache = new ConfigCache(
      async (name) => {
        reads.push(name);
        if (failNext) {
          failNext = false;
          throw new Error("database down");
        }
        return { config: { read: reads.length }, version: reads.length, source: "database" };
      },
      1_000,
      () => now,
    );
    expect((await cache.get("themes")).version).toBe(1);
    now = 999;
    expect((await cache.get("themes")).version).toBe(1);
    expect((await cache.get("hypotheses")).version).toBe(2);
    now = 1_000;
    expect((await cache.get("themes")).version).toBe(3);
    cache.forget("themes");
    expect((await cache.get("themes")).version).toBe(4);
    cache.forget("themes");
    failNext = true;
    await expect(cache.get("themes")).rejects.toThrow("database down");
    await Bun.sleep(0);
    expect((await cache.get("themes")).version).toBe(6);
    expect(reads).toEqual(["themes", "hypotheses", "themes", "themes", "themes", "themes"]);
  });
});
