import type { Evidence, HypothesisConfig, HypothesisStatus } from "./schemas.ts";

const DAY_MS = 86_400_000;

/** The ledger oldest first (stable for equal times), the order position factors refer to. */
export function chronological(evidence: readonly Evidence[]): Evidence[] {
  return evidence.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.time) - Date.parse(b.e.time) || a.i - b.i).map((x) => x.e);
}

/**
 * Effective weight of the i-th item of the ledger at `now`: base · reliability · recency · position for
 * support, with recency = max(floor, 2^(−age / half-life)); a contradiction counts `contradiction_factor`
 * times and does not decay.
 */
export function effectiveWeight(evidence: Evidence, index: number, now: Date, config: HypothesisConfig): number {
  const position = 1 / (1 + config.position_step * index);
  if (evidence.weight < 0) return config.contradiction_factor * evidence.weight * evidence.reliability * position;
  const ageDays = Math.max(0, (now.getTime() - Date.parse(evidence.time)) / DAY_MS);
  const recency = Math.max(config.recency_floor, Math.exp((-Math.LN2 * ageDays) / config.half_life_days));
  return evidence.weight * evidence.reliability * recency * position;
}

/** Confidence of a ledger at `now`: sigmoid(scale · (prior + gain · Σw − centre)) in [0, 1]; the prior when empty. */
export function ledgerConfidence(evidence: readonly Evidence[], now: Date, config: HypothesisConfig): number {
  if (evidence.length === 0) return config.prior;
  const total = chronological(evidence).reduce((sum, e, i) => sum + effectiveWeight(e, i, now, config), 0);
  const x = config.scale * (config.prior + config.gain * total - config.centre);
  return Math.max(0, Math.min(1, 1 / (1 + Math.exp(-x))));
}

/**
 * Status from confidence and ledger: rejected (below the floor with a contradiction) first, so that a person's
 * rejection is never turned into "stale"; then stale (no evidence for `stale_after_days`), confirmed, testing,
 * forming.
 */
export function ledgerStatus(evidence: readonly Evidence[], confidence: number, now: Date, config: HypothesisConfig): HypothesisStatus {
  if (confidence < config.rejected_below && evidence.some((e) => e.weight < 0)) return "rejected";
  const latest = Math.max(...evidence.map((e) => Date.parse(e.time)));
  if (evidence.length > 0 && now.getTime() - latest > config.stale_after_days * DAY_MS) return "stale";
  if (confidence >= config.confirmed_at) return "confirmed";
  if (confidence >= config.testing_at) return "testing";
  return "forming";
}
