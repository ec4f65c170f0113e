import { describe, expect, test } from "bun:test";
import { pearsonPValue } from "../../observer/baseline.ts";
import { adjustPValues } from "../correction.ts";
import { pearson } from "../correlation.ts";
import { fisherExactGreater } from "../fisher.ts";
import { wilsonInterval } from "../proportion.ts";
import { hashSeed, seededRandom, shuffleInPlace } from "../random.ts";

describe("pearson", () => {
  test("matches r computed by hand: Σdxdy = 6, Σdx² = 10, Σdy² = 6, r = 6/√60", () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });
  test("is null when a series is constant (r undefined), ±1 for exact lines", () => {
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12);
  });
});

describe("pearsonPValue (the original's normal theory)", () => {
  test("r = 0.7746 on 5 pairs: t = 2.1213 with 3 df, p from the closed-form t(3) CDF", () => {
    // t(3) CDF: F(t) = 1/2 + (a / (1 + t²/3) + atan a) / π with a = t/√3 (Student's t, odd degrees of freedom).
    const t = Math.sqrt(0.6) * Math.sqrt(3 / 0.4);
    const a = t / Math.sqrt(3);
    const expected = 2 * (0.5 - (a / (1 + (t * t) / 3) + Math.atan(a)) / Math.PI);
    expect(expected).toBeCloseTo(0.12403, 5);
    expect(pearsonPValue(6 / Math.sqrt(60), 5)).toBeCloseTo(expected, 10);
  });
});

describe("fisherExactGreater", () => {
  test("Fisher's tea-tasting table [[3,1],[1,3]]: P(A ≥ 3) = (16 + 1) / 70", () => {
    expect(fisherExactGreater(3, 1, 1, 3)).toBeCloseTo(17 / 70, 12);
  });
  test("the most extreme table has the probability of that table alone: 1 / C(8,4)", () => {
    expect(fisherExactGreater(4, 0, 0, 4)).toBeCloseTo(1 / 70, 12);
  });
  test("the least extreme table has p = 1", () => {
    expect(fisherExactGreater(0, 4, 4, 0)).toBeCloseTo(1, 12);
  });
});

describe("adjustPValues", () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  test("Holm: sorted p × (m − rank), made monotone", () => {
    const adjusted = adjustPValues(p, "holm");
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });
  test("Benjamini–Hochberg: sorted p × m / rank, minimum from the top", () => {
    const adjusted = adjustPValues(p, "benjamini_hochberg");
    [0.02, 0.04, 0.04, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });
  test("none leaves the p-values alone; adjusted values never exceed 1", () => {
    expect(adjustPValues(p, "none")).toEqual(p);
    expect(adjustPValues([0.5, 0.9], "holm")).toEqual([1, 1]);
    expect(adjustPValues([], "holm")).toEqual([]);
  });
});

describe("seededRandom", () => {
  test("the same seed gives the same stream; another seed another", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });
  test("values lie in [0, 1) with a mean near 1/2 (10 000 draws: standard error 0.003)", () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => random.next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(Math.abs(draws.reduce((s, x) => s + x, 0) / draws.length - 0.5)).toBeLessThan(0.012);
  });
  test("a shuffle is a permutation", () => {
    const shuffled = shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], seededRandom(1));
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(shuffled).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  test("hashSeed depends on both the seed and the text", () => {
    expect(hashSeed(1, "a")).not.toBe(hashSeed(1, "b"));
    expect(hashSeed(1, "a")).not.toBe(hashSeed(2, "a"));
    expect(hashSeed(1, "a")).toBe(hashSeed(1, "a"));
  });
});

describe("wilsonInterval", () => {
  test("0 of 1000: [0, z²/(n + z²)] = [0, 0.003827]", () => {
    const ci = wilsonInterval(0, 1000);
    expect(ci.low).toBe(0);
    expect(ci.high).toBeCloseTo(3.8416 / 1003.8416, 6);
  });
  test("50 of 1000 brackets 0.05 and stays inside [0, 1]", () => {
    const ci = wilsonInterval(50, 1000);
    expect(ci.low).toBeGreaterThan(0.037);
    expect(ci.high).toBeLessThan(0.066);
    expect(wilsonInterval(10, 10).high).toBe(1);
  });
});
