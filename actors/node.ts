import { type AnyActorRef, createActor, type InspectionEvent } from "xstate";
import { createQueries } from "../app/queries.ts";
import { makeEvent } from "../core/events.ts";
import { describeError } from "../core/logger.ts";
import { type AnyModule, isCalculationModule, isTrackingModule } from "../modules/registry.ts";
import { nodeIntelligence } from "./node-intelligence.ts";
import { nodeMachine } from "./node-machine.ts";
import { type ActorSnapshotView, type ActorSummary, summarizeModuleActor } from "./actor-summary.ts";
import type { ModuleOutput } from "../modules/contract.ts";
import { PipelineWorker } from "./pipeline-worker.ts";
import { moduleActorId } from "./supervisor.ts";
import { LiveState } from "./live-state.ts";
import { acceptSolarFeed } from "./solar-feeder.ts";
import { subscribeNode } from "./node-subscriptions.ts";
import { Reconciler } from "./reconciler.ts";
import { Waiters } from "./waiters.ts";
import { Announcements, revisionEvent } from "./announcements.ts";
import type { BirthSubmission, GuttersNode, NodeOptions, Readiness, ReturnedJobs } from "./node-api.ts";

export type { BirthSubmission, GuttersNode, NodeOptions, Readiness, ReturnedJobs } from "./node-api.ts";
import { TrackingContext } from "./tracking-context.ts";
import { ConfigCache } from "./config-cache.ts";
import { moduleWork } from "./module-work.ts";
import { LoggedDeadLetterOffice } from "./log-fields.ts";

export async function startNode(options: NodeOptions): Promise<GuttersNode> {
  const { bus, topics, users, configs, registry, logger, runtime } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const source = `/gutters/${options.nodeId}/supervisor`;
  // Requests use the config the hosted actor runs with (kept current by live reload), so a stateless
  // calculation costs no database read; modules hosted elsewhere read the stored config.
  const storedConfigs = new ConfigCache((name) => {
    const module = registry.get(name);
    if (module === undefined) return Promise.reject(new Error(`unknown module ${name}`));
    return configs.load(module.name, module.config);
  }, runtime.config_cache_ms);
  const configOf = async (module: AnyModule) => {
    const child = supervisor.getSnapshot().children[moduleActorId(module.name)] as AnyActorRef | undefined;
    const running = (child?.getSnapshot() as ActorSnapshotView | undefined)?.context.config;
    return running ?? (await storedConfigs.get(module.name));
  };
  const queries = createQueries(registry, configOf, users);
  const deadLetters = new LoggedDeadLetterOffice(bus, topics.deadLetter, options.nodeId, logger);
  const calculationsHosted = new Map(options.hosted.filter(isCalculationModule).map((module) => [module.name, module]));
  const trackersHosted = new Map(options.hosted.filter(isTrackingModule).map((module) => [module.name, module]));
  const observations = new Map<string, unknown>();
  const waiters = new Waiters(runtime.ack_timeout_ms);
  const returnedJobs: ReturnedJobs = { superseded: 0, queue_full: 0, user_deleted: 0, module_failed: 0 };
  const expectedModules = registry.calculationModules().map((module) => module.name);
  const trackingContext = new TrackingContext({
    registry,
    tracking: options.tracking,
    configOf,
    cacheMs: runtime.tracking_context_cache_ms,
  });
  const announcements = new Announcements(bus, topics, logger);

  const intelligence = nodeIntelligence(options, { configOf, expectedModules, source, now, announcements, newId, trackingContext });
  const { insight, personalHosted, narrator, narrate } = intelligence;

  const pipeline = new PipelineWorker({
    users,
    bus,
    topics,
    source,
    expectedModules,
    logger,
    now,
    onTaskDone: (key) => waiters.settle(key),
    trackingContext: (natal) => trackingContext.contributions(natal),
    ...(narrate !== undefined ? { narrate } : {}),
    ...(registry.get("themes") !== undefined ? { intelligence: (userId: string, modules: ModuleOutput[]) => insight.synthesisCore(userId, modules) } : {}),
    // An erasure waits for this node's jobs of the user, so none of them stores anything after it.
    beforeErase: (erasure) => {
      erased.add(erasure);
      return jobsInFlight.settled(erasure.userId);
    },
  });

  /**
   * One module's work on one revision: compute, store unless a later revision is stored, announce. A
   * revision stored before (a redelivery) is announced again, since its first announcement may be lost.
   */
  const { runJob, settle, erased, jobsInFlight } = moduleWork({
    nodeId: options.nodeId,
    calculations: calculationsHosted,
    expectedModules,
    users,
    bus,
    topics,
    logger,
    now,
    waiters,
    returnedJobs,
    erasedCapacity: runtime.max_queue,
  });

  const machine = nodeMachine({
    registry,
    configs,
    logger,
    work: { runJob, settle },
    trackersHosted,
    tick: { nodeId: options.nodeId, tracking: options.tracking, natalCharts: () => users.natalCharts(), bus, topics, now, observations },
    intelligence,
    pipeline,
  });

  const live = new LiveState({
    publish: (actorId, summary) =>
      bus.publishJson(topics.actor(options.nodeId, actorId), summary, { retain: true }).catch((error: unknown) =>
        logger.warn("cannot publish actor state", describeError(error)),
      ),
    intervalMs: runtime.state_publish_interval_ms,
    maxListeners: runtime.sse_max_clients,
  });

  const supervisor = createActor(machine, {
    input: {
      modules: options.hosted.map((module) => ({ name: module.name, layer: module.layer, ...(personalHosted.has(module.name) ? { personal: true } : {}) })),
      restart: {
        initialMs: runtime.restart_initial_ms,
        maxMs: runtime.restart_max_ms,
        maxRestarts: runtime.restart_max_count,
        windowMs: runtime.restart_window_ms,
      },
      maxQueue: runtime.max_queue,
      configRetry: { initialMs: runtime.config_retry_initial_ms, maxMs: runtime.config_retry_max_ms },
    },
    inspect: (event: InspectionEvent) => {
      live.inspect(event);
      if (event.type === "@xstate.snapshot") publishSummaries();
    },
  });

  const actorSummaries = (): ActorSummary[] => {
    const snapshot = supervisor.getSnapshot();
    return options.hosted.map((module) => {
      const id = moduleActorId(module.name);
      const child = snapshot.children[id] as AnyActorRef | undefined;
      const childSnapshot = child?.getSnapshot() as ActorSnapshotView | undefined;
      return summarizeModuleActor(id, childSnapshot, module, snapshot.context.health[module.name]);
    });
  };
  let publishing = false;
  const publishSummaries = (): void => {
    if (!publishing) return;
    for (const summary of actorSummaries()) live.changed(summary.id, summary);
  };

  supervisor.subscribe({ error: (error) => logger.error("supervisor failed", describeError(error)) });
  supervisor.start();
  publishing = true;
  publishSummaries();

  /** Sends an unusable payload to the dead letter; a dead letter that cannot be sent is only logged. */
  const rejectPayload = (topic: string, payload: Uint8Array, error: unknown): Promise<void> =>
    deadLetters.send(topic, payload, error, now()).then(
      () => undefined,
      (sendError: unknown) => logger.warn("dead letter lost", describeError(sendError)),
    );

  const modulesIdle = (): boolean =>
    actorSummaries().every((summary) => summary.queue_length === 0 && summary.state !== "working" && summary.state !== "ticking");

  const reconciler = new Reconciler({
    users,
    expectedModules,
    logger,
    now,
    graceMs: runtime.reconcile_grace_ms,
    intervalMs: runtime.reconcile_interval_ms,
    batch: runtime.reconcile_batch,
    synthesize: (user) => supervisor.send({ type: "synthesis.due", userId: user._id, revision: user.revision }),
    // Work in hand, or messages handled within the last interval: a backlog may still be flowing in.
    busy: () => waiters.size > 0 || !modulesIdle() || Date.now() - bus.lastHandledAt() < runtime.reconcile_interval_ms,
    maxDeferrals: runtime.reconcile_max_deferrals,
    reissue: async (user) => {
      const stored = await users.getUser(user._id);
      if (stored === null || stored.revision !== user.revision) return;
      await bus.publishEvent(topics.userEvent(user._id, "user.birth_data.updated"), revisionEvent(source, user._id, user, stored.birth));
    },
  });

  /**
   * Erases a user and announces which generation went: every node drops that generation's queued work and
   * sweeps it again (a job may have stored something meanwhile), never touching a user created since.
   */
  async function eraseUser(userId: string): Promise<boolean> {
    const erased = await users.eraseUser(userId);
    const occurrences = await options.tracking.deleteUserOccurrences(userId);
    if (erased.createdAt !== null) {
      const data = { user_created_at: erased.createdAt.toISOString() };
      announcements.send(makeEvent({ id: newId(), source, type: "user.deleted", time: now(), subject: userId, data }));
    }
    return erased.removed + occurrences > 0;
  }

  const unsubscribers = await subscribeNode({
    bus,
    topics,
    queries,
    deadLetters,
    rejectPayload,
    waiters,
    source,
    calculations: [...calculationsHosted.values()],
    now,
    newId,
    send: (event) => {
      if (event.type === "config.updated") storedConfigs.forget(event.moduleName);
      supervisor.send(event);
    },
    erase: async (userId) => {
      await eraseUser(userId);
    },
    async revokeAccount(erasure) {
      // The id may hold someone created since, whose account this is now.
      const current = await users.userCreatedAt(erasure.userId);
      if (current !== null && current > erasure.upTo) return;
      await options.brokerAccounts?.revokePerson(erasure.userId).catch((error: unknown) => logger.warn("cannot remove an erased person's broker account", describeError(error)));
    },
    async intake(userId, birth, clientEventId, correlationId) {
      const stored = await users.applyBirth(userId, birth, now(), clientEventId);
      // A redelivered client event was stored before: its revision is announced again (same id).
      await bus.publishEvent(topics.eventTopic({ type: "user.birth_data.updated", subject: userId }), revisionEvent(source, userId, stored.head, birth, correlationId));
    },
    ...intelligence.subscriptions,
    extra: trackersHosted.has("solar")
      ? [
          bus.subscribe(topics.solarFeeds, async (topic, payload) => {
            try {
              observations.set("solar", acceptSolarFeed(observations.get("solar"), topic.slice(topic.lastIndexOf("/") + 1), payload, now()));
            } catch (error) {
              await rejectPayload(topic, payload, error);
            }
          }),
        ]
      : [],
  });

  reconciler.start();

  const idle = async (): Promise<void> => {
    for (;;) {
      await pipeline.idle();
      await announcements.settled();
      await narrator.idle();
      if (modulesIdle()) {
        await pipeline.idle();
        if (announcements.pending === 0) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  let stopped = false;
  return {
    nodeId: options.nodeId,
    queries,
    configs,
    users,
    tracking: options.tracking,
    registry,
    hosted: options.hosted,
    deadLetters,
    reconciler,
    returnedJobs,
    narratives: narrator.counts,
    configOf,
    actorSummaries,
    onInspection: (listener) => live.listen(listener),
    async readiness() {
      const database = await options.database.ping();
      const broker = bus.isConnected();
      const modules = Object.fromEntries(actorSummaries().map((summary) => [summary.module, summary.state]));
      const modulesReady = Object.values(modules).every((state) => ["ready", "working", "waiting", "ticking", "retrying", "sweeping", "lookingUp"].includes(state));
      return {
        ready: database && broker && modulesReady && !stopped,
        checks: { database, broker, modules, shared_subscriptions: bus.sharesWork },
      };
    },
    async submitBirthData(userId, birth, options) {
      const stored = options?.newUser ? await users.createUser(userId, birth, now()) : await users.applyBirth(userId, birth, now());
      announcements.send(revisionEvent(source, userId, stored.head, birth));
      return { eventId: stored.head.birth_event_id, revision: stored.head.revision, created: stored.created };
    },
    deleteUser: eraseUser,
    intelligence: intelligence.api,
    async publishConfigUpdated(moduleName, version) {
      // This node's next read sees the change without waiting for the announcement to come back.
      storedConfigs.forget(moduleName);
      const event = makeEvent({ id: newId(), source, type: "config.updated", time: now(), data: { module_name: moduleName, version } });
      await bus.publishEvent(topics.eventTopic(event), event);
    },
    idle,
    tickNow(moduleName) {
      if (!trackersHosted.has(moduleName) && !personalHosted.has(moduleName)) return false;
      const child = supervisor.getSnapshot().children[moduleActorId(moduleName)] as AnyActorRef | undefined;
      child?.send({ type: "tick.now" });
      return child !== undefined;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await withinMs(STOP_STEP_MS, bus.leaveShareGroups().catch((error: unknown) => logger.warn("cannot leave the share groups", describeError(error))));
      bus.pause();
      supervisor.send({ type: "intake.stop" });
      await withinMs(runtime.shutdown_timeout_ms, Promise.all([reconciler.stop(), bus.drained(), idle()]));
      for (const unsubscribe of unsubscribers) await unsubscribe();
      supervisor.stop();
      publishing = false;
      live.stop();
      // A stopped node leaves no actor summaries behind; its presence says `offline` when the bus closes.
      const cleared = Promise.all(options.hosted.map((module) => bus.clearRetained(topics.actor(options.nodeId, moduleActorId(module.name)))));
      await withinMs(STOP_STEP_MS, cleared.catch((error: unknown) => logger.warn("cannot clear retained actor state", describeError(error))));
    },
  };
}

/** The longest a stop waits for the broker in one of its steps (leaving share groups, clearing retained state). */
const STOP_STEP_MS = 2000;

/** Waits for `work`, or `ms` at most. */
async function withinMs(ms: number, work: Promise<unknown>): Promise<void> {
  await Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
}
