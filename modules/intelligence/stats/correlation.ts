/**
 * Pearson's r between two equally long series; null when either is constant (r is undefined there, and the
 * original skipped those series too). With a 0/1 series this is the point-biserial correlation.
 */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Relative tolerance: a series of equal floats can leave rounding residue instead of an exact zero.
  if (sxx <= 1e-12 * n || syy <= 1e-12 * n) return null;
  return sxy / Math.sqrt(sxx * syy);
}
