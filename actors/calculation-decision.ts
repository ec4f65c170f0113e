import { GuttersError } from "../core/errors.ts";
import { type CloudEvent, makeEvent } from "../core/events.ts";
import type { CalculationModule } from "../modules/contract.ts";
import { runCalculation } from "../modules/run-calculation.ts";
import type { ProfileDocument } from "../store/user-store.ts";
import { redactErrorBody } from "./birth-redaction.ts";
import type { CalculationJob, ConfigState } from "./jobs.ts";

export interface CalculationDecision {
  profile: ProfileDocument & { user_created_at: Date };
  /** Envelopes to publish, in order, once the profile is stored. */
  events: CloudEvent[];
  /** Set when the calculation failed for an unexpected reason (a defect), to be logged with its stack. */
  defect?: Error;
}

/**
 * Decides what one job produces, without doing it: the profile document and the events. A calculation
 * that fails for this user's data becomes an error profile and a `module.error` event; it never escapes,
 * so one bad input cannot stop the module. Event ids derive from the source event, so a redelivered job
 * produces the same ids and consumers can drop the duplicate.
 */
export function decideCalculation(
  module: CalculationModule,
  job: CalculationJob,
  config: ConfigState,
  now: Date,
  source: string,
): CalculationDecision {
  const base = {
    user_id: job.userId,
    module: module.name,
    source_event_id: job.eventId,
    source_event_time: new Date(job.eventTime),
    source_revision: job.revision,
    user_created_at: job.userCreatedAt,
    stored_at: now,
  };
  const event = (type: string, data: unknown): CloudEvent =>
    makeEvent({
      id: `${job.eventId}:${module.name}:${type}`,
      source,
      type,
      time: now,
      subject: job.userId,
      data,
      ...(job.correlationId ? { correlationid: job.correlationId } : {}),
    });
  try {
    const output = runCalculation(module, job.birth, config.config, config.version, now);
    const profile: CalculationDecision["profile"] = { ...base, ...output, status: "ok" };
    return {
      profile,
      events: [
        event("module.profile.calculated", {
          module: module.name,
          user_id: job.userId,
          source_event_id: job.eventId,
          revision: job.revision,
          status: "ok",
        }),
      ],
    };
  } catch (thrown) {
    const known = thrown instanceof GuttersError;
    const error = known
      ? redactErrorBody(thrown.toJSON(), job.birth)
      : // A defect's message may quote the birth data it choked on; it is logged as a defect, and the stored
        // profile and the `module.error` event carry only the error class.
        { error: "calculation_failed", message: thrown instanceof Error ? `${thrown.name} in the calculation` : "the calculation failed" };
    const profile: CalculationDecision["profile"] = {
      ...base,
      layer: module.layer,
      version: module.version,
      status: "error",
      error,
    };
    return {
      profile,
      events: [
        event("module.error", { module: module.name, user_id: job.userId, ...error }),
        event("module.profile.calculated", {
          module: module.name,
          user_id: job.userId,
          source_event_id: job.eventId,
          revision: job.revision,
          status: "error",
        }),
      ],
      ...(known ? {} : { defect: thrown instanceof Error ? thrown : new Error(String(thrown)) }),
    };
  }
}

/**
 * Marks the `module.profile.calculated` of a decision with whether it completes the revision (every module
 * has answered it), known only once the profile is stored and the other answers read.
 */
export function withCompletion(events: readonly CloudEvent[], complete: boolean): CloudEvent[] {
  return events.map((event) =>
    event.type === "module.profile.calculated" ? { ...event, data: { ...(event.data as Record<string, unknown>), complete } } : event,
  );
}
