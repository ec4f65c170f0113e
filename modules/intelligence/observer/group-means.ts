/** The group whose mean lies furthest from the reference, among groups with enough values. */
export interface GroupDeparture {
  group: number;
  /** Group mean minus reference, signed. */
  difference: number;
  size: number;
}

/**
 * Means per group (values with group −1 are left out) and the largest departure from a reference: the overall
 * mean of the included values (`overall`, the lunar rule) or the mean of the qualifying groups' means
 * (`group_means`, the weekday rule). Groups smaller than `minSize` neither qualify nor count in the reference
 * of `group_means`. Null when fewer than two groups qualify: there is nothing to compare.
 */
export function largestDeparture(
  values: ArrayLike<number>,
  groups: ArrayLike<number>,
  groupCount: number,
  minSize: number,
  reference: "overall" | "group_means",
): GroupDeparture | null {
  const sums = new Float64Array(groupCount);
  const sizes = new Int32Array(groupCount);
  let total = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const g = groups[i] as number;
    if (g < 0) continue;
    sums[g] = (sums[g] as number) + (values[i] as number);
    sizes[g] = (sizes[g] as number) + 1;
    total += values[i] as number;
    count++;
  }
  const qualifying: number[] = [];
  for (let g = 0; g < groupCount; g++) if ((sizes[g] as number) >= minSize) qualifying.push(g);
  if (qualifying.length < 2) return null;
  const means = qualifying.map((g) => (sums[g] as number) / (sizes[g] as number));
  const ref = reference === "overall" ? total / count : means.reduce((a, b) => a + b, 0) / means.length;
  let best: GroupDeparture | null = null;
  qualifying.forEach((g, k) => {
    const difference = (means[k] as number) - ref;
    if (best === null || Math.abs(difference) > Math.abs(best.difference)) best = { group: g, difference, size: sizes[g] as number };
  });
  return best;
}
