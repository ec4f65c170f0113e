import type { BirthData } from "../modules/birth-data.ts";
import type { FieldIssue } from "../core/errors.ts";

/** One user's birth-data event, queued for a calculation module actor. */
export interface CalculationJob {
  userId: string;
  eventId: string;
  /** The event's own time (ISO): a profile is only replaced by one from a later event. */
  eventTime: string;
  birth: BirthData;
  correlationId?: string;
}

export interface ConfigState {
  config: Record<string, unknown>;
  version: number;
  source: "database" | "defaults";
  error?: { message: string; issues: FieldIssue[] };
}

export type JobOutcome = { status: "ok" | "error" | "skipped" };

/** How a module actor stopped working, handed to the supervisor so no queued job is lost on restart. */
export interface CrashReport {
  message: string;
  pending: CalculationJob[];
}
