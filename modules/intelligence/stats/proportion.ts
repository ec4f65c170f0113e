/**
 * Wilson score interval for a binomial proportion (successes of n) at the normal quantile z (1.96 for 95 %).
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage when the proportion is near 0,
 * which is where a false-positive rate lives.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
