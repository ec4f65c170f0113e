import type { EventBus } from "../bus/mqtt-bus.ts";
import type { Topics } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";
import type { CalculationModule } from "../modules/contract.ts";
import type { UserStore } from "../store/user-store.ts";
import { PromisesByKey, RecentErasures } from "./bounded.ts";
import { decideCalculation, withCompletion } from "./calculation-decision.ts";
import type { CalculationJob, ConfigState, JobOutcome, SettleReason } from "./jobs.ts";
import { moduleErrorFields } from "./log-fields.ts";
import { moduleActorId } from "./supervisor.ts";
import { jobKey, type Waiters } from "./waiters.ts";

export interface ModuleWorkDeps {
  nodeId: string;
  calculations: ReadonlyMap<string, CalculationModule>;
  /** Every calculation module a synthesis waits for, whichever nodes host them. */
  expectedModules: readonly string[];
  users: UserStore;
  bus: EventBus;
  topics: Topics;
  logger: Logger;
  now: () => Date;
  waiters: Waiters;
  returnedJobs: Record<SettleReason, number>;
  /** Erased users remembered at once. */
  erasedCapacity: number;
}

/**
 * Whether this answer completes its revision: every other module has answered it. Only the answer that
 * completes the revision asks for the synthesis. Two answers stored at once both see each other (each
 * reads after its own write), so at least one of them asks. The others are read one at a time and the
 * first that has not answered ends the search: an early answer costs one read, not one per module.
 */
export async function completesRevision(
  users: Pick<UserStore, "profileSources">,
  job: Pick<CalculationJob, "userId" | "eventId">,
  others: readonly string[],
): Promise<boolean> {
  for (const other of others) {
    const [source] = await users.profileSources(job.userId, [other]);
    if (source !== job.eventId) return false;
  }
  return true;
}

/**
 * What a calculation module actor does with a job (the effect the node provides to its machine), and what
 * becomes of jobs that end without running. Each job settles the message waiting for it.
 */
export function moduleWork(deps: ModuleWorkDeps) {
  // Users erased while this node ran (bounded): a job of an erased generation delivered late stores nothing.
  const erased = new RecentErasures(deps.erasedCapacity);
  const jobsInFlight = new PromisesByKey();

  const runJob = async ({ input }: { input: { moduleName: string; job: CalculationJob; config: ConfigState } }): Promise<JobOutcome> => {
    const module = deps.calculations.get(input.moduleName);
    if (module === undefined) throw new Error(`module ${input.moduleName} is not hosted here`);
    const { job } = input;
    const running = (async (): Promise<JobOutcome> => {
      // Erased on this node already: queued jobs were dropped then; this one was delivered late.
      if (erased.covers(job)) return { status: "skipped" };
      const decision = decideCalculation(module, job, input.config, deps.now(), `/gutters/${deps.nodeId}/${moduleActorId(module.name)}`);
      if (decision.defect) deps.logger.error("calculation defect", { module: module.name, stack: decision.defect.stack });
      const stored = await deps.users.putProfile(decision.profile);
      if (stored === "older") return { status: "skipped" };
      const complete = await completesRevision(deps.users, job, deps.expectedModules.filter((name) => name !== module.name));
      for (const event of withCompletion(decision.events, complete)) await deps.bus.publishEvent(deps.topics.eventTopic(event), event);
      // Error messages may quote the birth data (a skipped local time names the date): code and fields only.
      if (decision.profile.status === "error" && stored !== "same") deps.logger.warn("module error", moduleErrorFields(module.name, decision.profile));
      return { status: stored === "same" ? "skipped" : decision.profile.status };
    })();
    jobsInFlight.add(job.userId, running);
    try {
      return await running;
    } finally {
      jobsInFlight.remove(job.userId, running);
      deps.waiters.settle(jobKey(module.name, job.eventId));
    }
  };

  const settle = (_: unknown, params: { module: string; jobs: CalculationJob[]; reason: SettleReason }): void => {
    deps.returnedJobs[params.reason] += params.jobs.length;
    if (params.reason === "queue_full" || params.reason === "module_failed") {
      deps.logger.warn("jobs handed back to the reconciler", { module: params.module, reason: params.reason, jobs: params.jobs.length });
    }
    for (const job of params.jobs) deps.waiters.settle(jobKey(params.module, job.eventId));
  };

  return { runJob, settle, erased, jobsInFlight };
}
