import type { CalculationJob } from "./jobs.ts";

/** An erasure as the actors hear of it: the user id and the latest generation (creation time) it removed. */
export interface Erasure {
  userId: string;
  upTo: Date;
}

/**
 * Whether a job belongs to a generation the erasure removed. A user created again under the same id after
 * the erasure is someone else, whose jobs run.
 */
export function erases(erasure: Erasure, job: Pick<CalculationJob, "userId" | "userCreatedAt">): boolean {
  return job.userId === erasure.userId && job.userCreatedAt.getTime() <= erasure.upTo.getTime();
}

/** The jobs an erasure removes and the jobs it keeps, in their order. */
export function splitByErasure<T extends Pick<CalculationJob, "userId" | "userCreatedAt">>(jobs: readonly T[], erasure: Erasure): { dropped: T[]; kept: T[] } {
  const dropped: T[] = [];
  const kept: T[] = [];
  for (const job of jobs) (erases(erasure, job) ? dropped : kept).push(job);
  return { dropped, kept };
}
