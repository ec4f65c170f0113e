import { z } from "zod";

/** `holm` bounds the family-wise error rate; `benjamini_hochberg` the false discovery rate; `none` is the original's
 * uncorrected method, kept for comparison only. */
export const CorrectionSchema = z.enum(["holm", "benjamini_hochberg", "none"]);
export type Correction = z.infer<typeof CorrectionSchema>;

/** Adjusted p-values in the input's order (Holm's step-down or Benjamini–Hochberg's step-up), each ≤ 1. */
export function adjustPValues(pValues: readonly number[], method: Correction): number[] {
  const m = pValues.length;
  if (method === "none" || m === 0) return [...pValues];
  const order = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m).fill(1);
  if (method === "holm") {
    let running = 0;
    order.forEach(({ p, index }, rank) => {
      // Step-down: each adjusted value is at least the previous one, so rejections stay nested.
      running = Math.max(running, Math.min(1, (m - rank) * p));
      adjusted[index] = running;
    });
    return adjusted;
  }
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const { p, index } = order[rank] as { p: number; index: number };
    running = Math.min(running, (m / (rank + 1)) * p);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
