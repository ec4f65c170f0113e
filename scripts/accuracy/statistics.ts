/** Largest value and 99th percentile (nearest rank) of a list of non-negative errors. */
export function maxAndP99(values: readonly number[]): { max: number; p99: number; count: number } {
  if (values.length === 0) return { max: 0, p99: 0, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(0.99 * sorted.length) - 1;
  return { max: sorted[sorted.length - 1] ?? 0, p99: sorted[rank] ?? 0, count: sorted.length };
}

/** Collects error samples under "quantity" keys, per era. */
export class ErrorCollector {
  readonly samples = new Map<string, Map<string, number[]>>();

  add(era: string, quantity: string, value: number): void {
    let byQuantity = this.samples.get(era);
    if (!byQuantity) this.samples.set(era, (byQuantity = new Map()));
    let list = byQuantity.get(quantity);
    if (!list) byQuantity.set(quantity, (list = []));
    list.push(value);
  }
}
