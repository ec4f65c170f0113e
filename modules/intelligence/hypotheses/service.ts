import type { Finding } from "../observer/schemas.ts";
import { ledgerConfidence, ledgerStatus } from "./confidence.ts";
import type { Evidence, EvidenceKind, Feedback, Hypothesis, HypothesisConfig, HypothesisEvent } from "./schemas.ts";

/** A hypothesis after a change, and the lifecycle events the change calls for (decide first, act second). */
export interface HypothesisChange {
  hypothesis: Hypothesis;
  events: HypothesisEvent[];
}

function event(type: HypothesisEvent["type"], next: Hypothesis, previous: Hypothesis | null): HypothesisEvent {
  return {
    type,
    subject: next.user_id,
    data: {
      hypothesis_id: next.id,
      status: next.status,
      previous_status: previous?.status ?? null,
      confidence: next.confidence,
      previous_confidence: previous?.confidence ?? null,
    },
  };
}

/** Confidence and status recomputed at `now`, with the events that tell what changed. */
function reevaluate(previous: Hypothesis, evidence: Evidence[], now: Date, config: HypothesisConfig, evidenceAdded: boolean): HypothesisChange {
  const confidence = ledgerConfidence(evidence, now, config);
  const status = ledgerStatus(evidence, confidence, now, config);
  const hypothesis = { ...previous, evidence, confidence, status, updated_at: evidenceAdded || status !== previous.status ? now.toISOString() : previous.updated_at };
  const events: HypothesisEvent[] = [];
  if (evidenceAdded) events.push(event("hypothesis.updated", hypothesis, previous));
  if (status !== previous.status) events.push(event("hypothesis.status.changed", hypothesis, previous));
  return { hypothesis, events };
}

/** A ledger item of a kind, with the kind's configured base weight. */
export function evidenceOf(kind: EvidenceKind, time: Date, source: string, config: HypothesisConfig, reliability = 1): Evidence {
  return { kind, weight: config.weights[kind], time: time.toISOString(), source, reliability };
}

/**
 * Adds one item to the ledger. The same item (kind, source, time) twice changes nothing, so a redelivered
 * event or a retried request is harmless.
 */
export function addEvidence(hypothesis: Hypothesis, evidence: Evidence, now: Date, config: HypothesisConfig): HypothesisChange {
  const duplicate = hypothesis.evidence.some((e) => e.kind === evidence.kind && e.source === evidence.source && e.time === evidence.time);
  if (duplicate) return { hypothesis, events: [] };
  return reevaluate(hypothesis, [...hypothesis.evidence, evidence], now, config, true);
}

/** A person's `confirm` / `reject` as evidence: user confirmation (+1.00) or user rejection (−1.50, counted double). */
export function applyFeedback(hypothesis: Hypothesis, feedback: Feedback, now: Date, config: HypothesisConfig): HypothesisChange {
  return addEvidence(hypothesis, evidenceOf(feedback === "confirm" ? "user_confirmation" : "user_rejection", now, "feedback", config), now, config);
}

/** Decay and staleness at `now` without new evidence (the observer's schedule calls this). */
export function refreshHypothesis(hypothesis: Hypothesis, now: Date, config: HypothesisConfig): HypothesisChange {
  return reevaluate(hypothesis, hypothesis.evidence, now, config, false);
}

function claimOf(finding: Finding): string {
  const direction = finding.effect < 0 ? "lower" : "higher";
  switch (finding.pattern_type) {
    case "solar_symptom": {
      const lag = finding.group === "lag_0d" ? "on days" : `${finding.group?.replace(/^lag_(\d+)d$/, "$1")} day(s) after days`;
      return `${finding.subject} is ${finding.statistic > 0 ? "more" : "less"} frequent ${lag} of high geomagnetic activity (Kp)`;
    }
    case "lunar_phase":
      return `${finding.subject} is ${direction} in the ${finding.group} quarter of the lunar cycle`;
    case "day_of_week":
      return `${finding.subject} is ${direction} on ${finding.group}`;
    case "transit_theme":
      return `entries about ${finding.subject} coincide with ${finding.group}`;
  }
}

/**
 * What a finding does to a person's hypotheses: new evidence (`observer_pattern`) for the hypothesis it
 * started, or a new hypothesis when none exists and the finding is at least `start_confidence` confident; null
 * when it does neither. `newId` names a new hypothesis (the runtime chooses ids).
 */
export function ingestFinding(existing: readonly Hypothesis[], finding: Finding, now: Date, config: HypothesisConfig, newId: string): HypothesisChange | null {
  const evidence = evidenceOf("observer_pattern", new Date(finding.detected_at), finding.id, config);
  const current = existing.find((h) => h.finding_id === finding.id);
  if (current !== undefined) return addEvidence(current, evidence, now, config);
  if (finding.confidence < config.start_confidence) return null;
  const ledger = [evidence];
  const confidence = ledgerConfidence(ledger, now, config);
  const hypothesis: Hypothesis = {
    id: newId,
    user_id: finding.user_id,
    type: config.types[finding.pattern_type],
    claim: claimOf(finding),
    status: ledgerStatus(ledger, confidence, now, config),
    confidence,
    evidence: ledger,
    finding_id: finding.id,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  return { hypothesis, events: [event("hypothesis.created", hypothesis, null)] };
}
