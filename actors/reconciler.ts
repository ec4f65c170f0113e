import { describeError, type Logger } from "../core/logger.ts";
import type { UserHead, UserStore } from "../store/user-store.ts";
import { decideReconcile } from "./reconcile-decision.ts";

export interface ReconcilerDeps {
  users: Pick<UserStore, "pendingUsers" | "claimPending" | "profileHeads">;
  expectedModules: readonly string[];
  logger: Logger;
  now: () => Date;
  graceMs: number;
  intervalMs: number;
  batch: number;
  /** Consecutive rounds a busy node may skip before it runs one anyway (stranded work must not wait forever). */
  maxDeferrals: number;
  /** Asks the supervisor for the user's synthesis. */
  synthesize(user: UserHead): void;
  /** Announces the user's current revision again, so the modules that have not answered compute it. */
  reissue(user: UserHead): Promise<void>;
  /**
   * Whether this node still has work in hand (messages being handled, jobs queued). A revision pending past
   * the grace period on a busy node is most likely still queued, not lost: re-issuing it would only add to
   * the queue (seen here: a 2 000-user backlog older than the grace period fell from 24 to 1 user/s while
   * rounds kept re-issuing it), so a busy node skips the round, up to `maxDeferrals` in a row.
   */
  busy(): boolean;
}

export interface ReconcilerCounts {
  runs: number;
  /** Rounds skipped because the node was busy. */
  deferred: number;
  found: number;
  synthesized: number;
  reissued: number;
  failures: number;
}

/**
 * Finds users whose current revision has been pending longer than the grace period (work lost to a crash,
 * a dropped message, a full queue or a failed module) and re-issues what is missing. Runs at start and on
 * a schedule; a round that finds nothing costs one indexed query. Several nodes may run it: each user is
 * claimed by one of them per round.
 */
export class Reconciler {
  readonly counts: ReconcilerCounts = { runs: 0, deferred: 0, found: 0, synthesized: 0, reissued: 0, failures: 0 };
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private deferredInARow = 0;

  constructor(private readonly deps: ReconcilerDeps) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.deps.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round; a round still running is awaited rather than doubled. */
  runOnce(): Promise<void> {
    this.running ??= this.round()
      .catch((error: unknown) => {
        this.counts.failures += 1;
        this.deps.logger.warn("reconciliation round failed", describeError(error));
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async round(): Promise<void> {
    const { users, now } = this.deps;
    if (this.deps.busy() && this.deferredInARow < this.deps.maxDeferrals) {
      this.counts.deferred += 1;
      this.deferredInARow += 1;
      return;
    }
    this.deferredInARow = 0;
    this.counts.runs += 1;
    const pending = await users.pendingUsers(new Date(now().getTime() - this.deps.graceMs), this.deps.batch);
    for (const user of pending) {
      if (!(await users.claimPending(user, now()))) continue;
      this.counts.found += 1;
      const decision = decideReconcile(user, await users.profileHeads(user._id), this.deps.expectedModules);
      if (decision.action === "synthesize") {
        this.counts.synthesized += 1;
        this.deps.synthesize(user);
      } else {
        this.counts.reissued += 1;
        this.deps.logger.info("re-issuing a stranded revision", { modules: decision.missing.join(",") });
        await this.deps.reissue(user);
      }
    }
  }
}
