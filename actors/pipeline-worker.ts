import { fromCallback } from "xstate";
import { makeEvent, type Topics } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import type { EventBus } from "../bus/mqtt-bus.ts";
import type { UserStore } from "../store/user-store.ts";
import type { PipelineTask } from "./supervisor.ts";
import { decideSynthesis } from "./synthesis-decision.ts";

export interface PipelineDeps {
  users: UserStore;
  bus: EventBus;
  topics: Topics;
  source: string;
  /** Calculation modules every synthesis waits for, whichever nodes host them. */
  expectedModules: readonly string[];
  logger: Logger;
  now: () => Date;
}

/**
 * The supervisor's I/O: stores users from birth-data events, writes syntheses once every module has
 * answered, and sweeps erased users. Tasks of one user run in order; different users run side by side.
 */
export class PipelineWorker {
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: PipelineDeps) {}

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
        await this.synthesize(task.userId);
        return;
      case "profile.calculated":
        await this.synthesize(task.userId);
        return;
      case "user.deleted":
        await users.deleteUser(task.userId);
        return;
    }
  }

  private async synthesize(userId: string): Promise<void> {
    const { users, bus, topics } = this.deps;
    const user = await users.getUser(userId);
    if (user === null) return;
    const [profiles, existing] = await Promise.all([users.listProfiles(userId), users.getSynthesis(userId)]);
    const now = this.deps.now();
    const decision = decideSynthesis(user, profiles, this.deps.expectedModules, now);
    if (decision.status === "pending") return;
    if (existing !== null && sameSynthesis(existing, decision.synthesis)) return;
    await users.putSynthesis(decision.synthesis);
    const event = makeEvent({
      id: `${user.birth_event_id}:synthesis:${now.getTime()}`,
      source: this.deps.source,
      type: "synthesis.profile.generated",
      time: now,
      subject: userId,
      data: {
        user_id: userId,
        source_event_id: user.birth_event_id,
        modules: Object.keys(decision.synthesis.modules),
      },
    });
    await bus.publishEvent(topics.event(event.type), event);
  }
}

/** Same source event and the same calculation of every module: a redelivery, nothing to write. */
function sameSynthesis(
  existing: { source_event_id: string; modules: Record<string, { metadata: { calculated_at: string } }>; errors: unknown[] },
  next: { source_event_id: string; modules: Record<string, { metadata: { calculated_at: string } }>; errors: unknown[] },
): boolean {
  if (existing.source_event_id !== next.source_event_id) return false;
  if (existing.errors.length !== next.errors.length) return false;
  const names = Object.keys(next.modules);
  if (names.length !== Object.keys(existing.modules).length) return false;
  return names.every((name) => existing.modules[name]?.metadata.calculated_at === next.modules[name]?.metadata.calculated_at);
}

/** The worker as the supervisor's `pipeline` child: tasks in, nothing out. */
export function pipelineLogic(worker: PipelineWorker) {
  return fromCallback<PipelineTask>(({ receive }) => {
    receive((task) => worker.handle(task));
  });
}
