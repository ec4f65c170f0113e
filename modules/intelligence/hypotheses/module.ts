import { defineIntelligenceModule } from "../../contract.ts";
import { HypothesisConfigSchema } from "./schemas.ts";

/** Hypotheses with an evidence ledger (service: ingestFinding, applyFeedback, refreshHypothesis). */
export const hypothesesModule = defineIntelligenceModule({
  name: "hypotheses",
  layer: "intelligence",
  version: "1.0.0",
  description: "Hypotheses started by confident findings, weighed by an evidence ledger with recency decay, confirmed or rejected by the person",
  config: HypothesisConfigSchema,
  // Feedback arrives over HTTP (POST …/hypotheses/:hid/feedback) and goes through applyFeedback.
  consumes: ["observer.finding.detected", "observer.finding.updated"],
  emits: ["hypothesis.created", "hypothesis.updated", "hypothesis.status.changed"],
});
