/** Delay before the n-th retry (1-based): doubling from `initialMs`, never above `maxMs`. */
export function backoffDelay(initialMs: number, maxMs: number, attempt: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}
