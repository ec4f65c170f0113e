import { fromCallback } from "xstate";
import { makeEvent, type Topics } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import type { EventBus } from "../bus/mqtt-bus.ts";
import type { ModuleOutput, TrackedUser } from "../modules/contract.ts";
import type { SynthesisCore } from "../modules/intelligence/themes/schemas.ts";
import { trackedUserFromProfile } from "../modules/tracked-user.ts";
import { NATAL_CHART_MODULE, type TrackingContribution, type UserStore } from "../store/user-store.ts";
import type { Erasure } from "./erasures.ts";
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
  /** The tracking modules' current context for a user (their natal chart when known), added to the synthesis. */
  trackingContext?: (natal: TrackedUser | undefined) => Promise<Record<string, TrackingContribution>>;
  /** The intelligence part of a user's synthesis (themes, highlights, coverage, confirmed hypotheses). */
  intelligence?: (userId: string, modules: ModuleOutput[]) => Promise<SynthesisCore>;
  /** Asks for the optional narrative of a synthesis just written, in the background (never awaited). */
  narrate?: (userId: string, basis: { revision: number; intelligence_updated_at: null }, core: SynthesisCore) => void;
  /** Resolves when nothing this node is computing for the user can still store anything. */
  beforeErase?: (erasure: Erasure) => Promise<void>;
  /** Told when a task carrying a `key` has finished, whatever its outcome (the node acknowledges its message). */
  onTaskDone?: (key: string, error?: unknown) => void;
}

/**
 * The supervisor's I/O: writes a user's synthesis once every module has answered the current revision,
 * announces it, and sweeps erased users. Whether every module has answered is read from the database, not
 * kept in memory, because with shared subscriptions each node sees only some of the answers. Tasks of one
 * user run in order; different users run side by side.
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
      .then(
        () => {
          if (task.key !== undefined) this.deps.onTaskDone?.(task.key);
        },
        (error: unknown) => {
          this.deps.logger.error("pipeline task failed", { task: task.type, ...describeError(error) });
          if (task.key !== undefined) this.deps.onTaskDone?.(task.key, error);
        },
      )
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
    switch (task.type) {
      case "synthesize":
        await this.synthesize(task.userId, task.revision);
        return;
      case "user.deleted":
        await this.deps.beforeErase?.({ userId: task.userId, upTo: task.upTo });
        await this.deps.users.eraseUser(task.userId, task.upTo);
        return;
    }
  }

  /**
   * Writes and announces the synthesis of a revision when every module has answered it; then the user
   * leaves the reconciler's list. A synthesis already stored for the revision is announced again (its
   * earlier announcement may have been lost); the event id is the same, so consumers drop the duplicate.
   */
  private async synthesize(userId: string, revision: number): Promise<void> {
    const { users, expectedModules, bus, topics } = this.deps;
    const user = await users.getUserHead(userId);
    // An answer stored after its user was erased (its node had not heard of the erasure): remove it.
    if (user === null) {
      await users.sweepErased(userId);
      return;
    }
    // Not pending: this revision's synthesis is written and announced (an earlier answer completed it).
    if (user.revision !== revision || user.pending_since === undefined) return;
    const now = this.deps.now();
    const profiles = await users.listProfiles(userId);
    const decision = decideSynthesis(user, profiles, expectedModules, now);
    if (decision.status === "pending") return;
    const natal = profiles.find((profile) => profile.module === NATAL_CHART_MODULE && profile.status === "ok");
    // Wall-clock time, as the marks of due refreshes it is compared with (tests may hold `now` still).
    const contextAt = new Date();
    const tracking = await this.deps.trackingContext?.(natal === undefined ? undefined : trackedUserFromProfile(natal));
    if (tracking !== undefined && Object.keys(tracking).length > 0) decision.synthesis.tracking = tracking;
    const core = this.deps.intelligence === undefined ? undefined : await this.deps.intelligence(userId, Object.values(decision.synthesis.modules));
    if (core !== undefined) Object.assign(decision.synthesis, core);
    const written = await users.putSynthesisIfNewer(decision.synthesis);
    if (!written && (await users.synthesisSource(userId)) !== user.birth_event_id) return;
    // Erased while this ran (and perhaps created again, as someone else): whichever of the erasure and this
    // write came last, nothing of the erased user stays.
    if ((await users.userCreatedAt(userId))?.getTime() !== user.created_at.getTime()) {
      await users.deleteSynthesis(userId, user.birth_event_id);
      return;
    }
    const event = makeEvent({
      id: `${user.birth_event_id}:synthesis`,
      source: this.deps.source,
      type: "synthesis.profile.generated",
      time: now,
      subject: userId,
      data: { user_id: userId, source_event_id: user.birth_event_id, revision, modules: Object.keys(decision.synthesis.modules) },
    });
    await bus.publishEvent(topics.eventTopic(event), event);
    await users.clearPending(userId, revision, contextAt);
    // Only the writer asks: a synthesis announced again (a redelivery) already had its narrative requested.
    if (written && core !== undefined) this.deps.narrate?.(userId, { revision, intelligence_updated_at: null }, core);
  }
}

/** The worker as the supervisor's `pipeline` child: tasks in, nothing out. */
export function pipelineLogic(worker: PipelineWorker) {
  return fromCallback<PipelineTask>(({ receive }) => {
    receive((task) => worker.handle(task));
  });
}
