import { fromCallback } from "xstate";
import { makeEvent, type Topics } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import type { EventBus } from "../bus/mqtt-bus.ts";
import type { TrackingContribution, UserStore } from "../store/user-store.ts";
import type { PipelineTask } from "./supervisor.ts";
import { decideSynthesis } from "./synthesis-decision.ts";
import { SynthesisProgress } from "./synthesis-progress.ts";

export interface PipelineDeps {
  users: UserStore;
  bus: EventBus;
  topics: Topics;
  source: string;
  /** Calculation modules every synthesis waits for, whichever nodes host them. */
  expectedModules: readonly string[];
  logger: Logger;
  now: () => Date;
  /** Users whose progress is kept in memory at once. */
  progressCapacity: number;
  /** The tracking modules' current context for a user, added to the synthesis. */
  trackingContext?: (userId: string) => Promise<Record<string, TrackingContribution>>;
}

/**
 * The supervisor's I/O: stores users from birth-data events, writes syntheses once every module has
 * answered, and sweeps erased users. Tasks of one user run in order; different users run side by side.
 */
export class PipelineWorker {
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly progress: SynthesisProgress;

  constructor(private readonly deps: PipelineDeps) {
    this.progress = new SynthesisProgress(deps.progressCapacity);
  }

  handle(task: PipelineTask): void {
    this.inFlight += 1;
    const previous = this.chains.get(task.userId) ?? Promise.resolve();
    const next = previous
      .then(() => this.run(task))
      .catch((error: unknown) => this.deps.logger.error("pipeline task failed", { task: task.type, ...describeError(error) }))
      .finally(() => {
        this.inFlight -= 1;
        if (this.chains.get(task.userId) === next) this.chains.delete(task.userId);
        if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    this.chains.set(task.userId, next);
  }

  /** Resolves when no task is running or queued. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(task: PipelineTask): Promise<void> {
    const { users } = this.deps;
    switch (task.type) {
      case "intake":
        await users.applyBirthEvent(task.userId, task.job.birth, task.job.eventId, new Date(task.eventTime), this.deps.now());
        // Modules may have answered before the user was stored (MQTT clients race the intake).
        await this.answered(task.userId, task.job.eventId, undefined);
        return;
      case "profile.calculated":
        await this.answered(task.userId, task.sourceEventId, task.module);
        return;
      case "user.deleted":
        this.progress.forget(task.userId);
        await users.deleteUser(task.userId);
        return;
    }
  }

  private async answered(userId: string, eventId: string, module: string | undefined): Promise<void> {
    const { users, expectedModules } = this.deps;
    if (!this.progress.has(userId, eventId)) {
      const heads = await users.profileHeads(userId);
      this.progress.seed(userId, eventId, heads.filter((head) => head.source_event_id === eventId).map((head) => head.module));
    }
    if (!this.progress.record(userId, eventId, module, expectedModules)) return;
    const user = await users.getUserRevision(userId);
    if (user === null || user.birth_event_id !== eventId) return;
    const now = this.deps.now();
    const decision = decideSynthesis(user, await users.listProfiles(userId), expectedModules, now);
    if (decision.status === "pending") return;
    const tracking = await this.deps.trackingContext?.(userId);
    if (tracking !== undefined && Object.keys(tracking).length > 0) decision.synthesis.tracking = tracking;
    const written = await users.putSynthesisIfNewer(decision.synthesis);
    this.progress.markWritten(userId, eventId);
    if (!written) return;
    const event = makeEvent({
      id: `${eventId}:synthesis`,
      source: this.deps.source,
      type: "synthesis.profile.generated",
      time: now,
      subject: userId,
      data: { user_id: userId, source_event_id: eventId, modules: Object.keys(decision.synthesis.modules) },
    });
    await this.deps.bus.publishEvent(this.deps.topics.event(event.type), event);
  }
}

/** The worker as the supervisor's `pipeline` child: tasks in, nothing out. */
export function pipelineLogic(worker: PipelineWorker) {
  return fromCallback<PipelineTask>(({ receive }) => {
    receive((task) => worker.handle(task));
  });
}
