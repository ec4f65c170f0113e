import { z } from "zod";

/** Confidence labels of the unknown-birth-time mode (DESIGN.md §3). */
export const ConfidenceLabelSchema = z.enum(["certain", "high", "medium", "low"]);
export type ConfidenceLabel = z.infer<typeof ConfidenceLabelSchema>;

/** certain = 100 %, high ≥ 75 %, medium ≥ 50 %, low < 50 % (share in 0–1). */
export function confidenceLabel(share: number): ConfidenceLabel {
  if (share >= 1) return "certain";
  if (share >= 0.75) return "high";
  if (share >= 0.5) return "medium";
  return "low";
}

export const ValueProbabilitySchema = z.object({
  value: z.string(),
  probability: z.number().min(0).max(1),
  confidence: ConfidenceLabelSchema,
});
export type ValueProbability = z.infer<typeof ValueProbabilitySchema>;

/**
 * Share of each distinct value among samples, most frequent first (ties in first-seen order), so that the
 * first entry is the most likely value.
 */
export function valueProbabilities(samples: readonly string[]): ValueProbability[] {
  const counts = new Map<string, number>();
  for (const value of samples) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => {
      const probability = samples.length === 0 ? 0 : count / samples.length;
      return { value, probability, confidence: confidenceLabel(probability) };
    });
}
