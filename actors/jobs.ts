import type { BirthData } from "../modules/birth-data.ts";
import type { FieldIssue } from "../core/errors.ts";

/** One revision of a user's birth data, queued for a calculation module actor. */
export interface CalculationJob {
  userId: string;
  /** The revision's birth-data event id: derived events are named after it. */
  eventId: string;
  /** The user's server-assigned revision: a profile is only replaced by one of a later revision. */
  revision: number;
  /** The user's generation (when they were created): a profile is never replaced by one of an erased user. */
  userCreatedAt: Date;
  /** When the revision was stored (ISO). */
  eventTime: string;
  birth: BirthData;
  correlationId?: string;
}

/**
 * Whether `later` makes a queued `earlier` job pointless: the same user, and a later generation, or the same
 * generation at the same or a later revision. A job of an erased user never supersedes one of the user
 * created under that id since.
 */
export function supersedes(later: CalculationJob, earlier: CalculationJob): boolean {
  if (later.userId !== earlier.userId) return false;
  const generations = later.userCreatedAt.getTime() - earlier.userCreatedAt.getTime();
  return generations > 0 || (generations === 0 && earlier.revision <= later.revision);
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

/** Why a job ended without running: the node acknowledges its message and, when useful, says why. */
export type SettleReason = "superseded" | "queue_full" | "user_deleted" | "module_failed";
