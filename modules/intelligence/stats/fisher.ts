/** ln(n!) by summation, cached: the tables here have at most a few thousand entries. */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k++) logFactorials[k] = (logFactorials[k - 1] as number) + Math.log(k);
  return logFactorials[n] as number;
}

/** Hypergeometric probability of a table with top-left cell `a`, margins fixed. */
function tableProbability(a: number, row1: number, col1: number, n: number): number {
  const b = row1 - a;
  const c = col1 - a;
  const d = n - row1 - c;
  return Math.exp(
    logFactorial(row1) + logFactorial(n - row1) + logFactorial(col1) + logFactorial(n - col1) -
      logFactorial(n) - logFactorial(a) - logFactorial(b) - logFactorial(c) - logFactorial(d),
  );
}

/**
 * Fisher's exact test on the 2×2 table [[a, b], [c, d]], one-sided for "a is larger than independence
 * predicts" (the association the observer reports): P(A ≥ a) under the hypergeometric law of fixed margins.
 * Exact at any n, unlike a chi-square or normal approximation on small counts.
 */
export function fisherExactGreater(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const max = Math.min(row1, col1);
  let p = 0;
  for (let k = a; k <= max; k++) p += tableProbability(k, row1, col1, n);
  return Math.min(1, p);
}
