import { type AnyActorRef, createActor, fromPromise, type InspectionEvent } from "xstate";
import { DeadLetterOffice } from "../bus/dead-letter.ts";
import type { EventBus } from "../bus/mqtt-bus.ts";
import { handleRequest } from "../bus/request-handler.ts";
import { createQueries, type Queries } from "../app/queries.ts";
import { type RuntimeSettings } from "../config/runtime.ts";
import { decodeEvent } from "../core/decode.ts";
import { type CloudEvent, type EventData, makeEvent, type Topics } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import type { BirthData } from "../modules/birth-data.ts";
import { type AnyModule, isCalculationModule, isTrackingModule, type Registry } from "../modules/registry.ts";
import type { ConfigStore } from "../store/config-store.ts";
import type { Database } from "../store/database.ts";
import type { TrackingStore } from "../store/tracking-store.ts";
import type { TrackingContribution, UserStore } from "../store/user-store.ts";
import { type ActorSnapshotView, type ActorSummary, summarizeModuleActor } from "./actor-summary.ts";
import { decideCalculation } from "./calculation-decision.ts";
import type { CalculationJob, ConfigState, JobOutcome } from "./jobs.ts";
import { moduleActorMachine } from "./module-actor.ts";
import { PipelineWorker, pipelineLogic } from "./pipeline-worker.ts";
import { moduleActorId, supervisorMachine } from "./supervisor.ts";
import { LiveState, type SanitizedInspection } from "./live-state.ts";
import { trackingActorMachine } from "./tracking-actor.ts";
import { runTrackingTick } from "./tracking-tick.ts";
import { acceptSolarFeed } from "./solar-feeder.ts";

export interface NodeOptions {
  nodeId: string;
  topics: Topics;
  bus: EventBus;
  database: Database;
  configs: ConfigStore;
  users: UserStore;
  tracking: TrackingStore;
  registry: Registry;
  hosted: readonly AnyModule[];
  runtime: RuntimeSettings;
  logger: Logger;
  now?: () => Date;
  newId?: () => string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: boolean; broker: boolean; modules: Record<string, string> };
}

/** One running GUTTERS node: its supervisor, module actors, subscriptions and the queries it answers. */
export interface GuttersNode {
  nodeId: string;
  queries: Queries;
  configs: ConfigStore;
  users: UserStore;
  tracking: TrackingStore;
  registry: Registry;
  hosted: readonly AnyModule[];
  deadLetters: DeadLetterOffice;
  /** A module's current config: its hosted actor's (kept current by live reload), else the stored one. */
  configOf(module: AnyModule): Promise<{ config: Record<string, unknown>; version: number }>;
  actorSummaries(): ActorSummary[];
  onInspection(listener: (event: SanitizedInspection) => void): () => void;
  readiness(): Promise<Readiness>;
  /** Stores the user's birth data, then publishes `user.birth_data.updated`; returns the event id. */
  submitBirthData(userId: string, birth: BirthData): Promise<string>;
  /** Erases every document of the user and tells every node; false when there was no such user. */
  deleteUser(userId: string): Promise<boolean>;
  publishConfigUpdated(moduleName: string, version: number): Promise<void>;
  /** Resolves when no module actor or pipeline task has work left. */
  idle(): Promise<void>;
  /** Runs a hosted tracking module's tick now instead of at its next slot (operations and tests). */
  tickNow(moduleName: string): boolean;
  /** Stops intake, finishes in-flight work (bounded by the shutdown timeout), unsubscribes everything. */
  stop(): Promise<void>;
}

export async function startNode(options: NodeOptions): Promise<GuttersNode> {
  const { bus, topics, users, configs, registry, logger, runtime } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const source = `/gutters/${options.nodeId}/supervisor`;
  // Requests use the config the hosted actor runs with (kept current by live reload), so a stateless
  // calculation costs no database read; modules hosted elsewhere read the stored config.
  const configOf = async (module: AnyModule) => {
    const child = supervisor.getSnapshot().children[moduleActorId(module.name)] as AnyActorRef | undefined;
    const running = (child?.getSnapshot() as ActorSnapshotView | undefined)?.context.config;
    return running ?? (await configs.load(module.name, module.config));
  };
  const queries = createQueries(registry, configOf, users);
  const deadLetters = new DeadLetterOffice(bus, topics.deadLetter, options.nodeId);
  const calculationsHosted = new Map(options.hosted.filter(isCalculationModule).map((module) => [module.name, module]));
  const trackersHosted = new Map(options.hosted.filter(isTrackingModule).map((module) => [module.name, module]));
  const observations = new Map<string, unknown>();

  const pipeline = new PipelineWorker({
    users,
    bus,
    topics,
    source,
    expectedModules: registry.calculationModules().map((module) => module.name),
    logger,
    now,
    progressCapacity: runtime.synthesis_progress_capacity,
    trackingContext: async (userId) => {
      const contributions: Record<string, TrackingContribution> = {};
      const trackers = registry.trackingModules();
      if (trackers.length === 0) return contributions;
      const [user] = await options.tracking.trackedUsers([userId]);
      for (const module of trackers) {
        const latest = await options.tracking.latest(module.name);
        if (latest === null) continue;
        const { config } = await configOf(module);
        const contribution = module.contribute(latest.snapshot, user, config);
        contributions[module.name] = { as_of: latest.at.toISOString(), ...contribution };
      }
      return contributions;
    },
  });

  const loadConfig = async ({ input }: { input: { moduleName: string } }): Promise<ConfigState> => {
    const module = registry.get(input.moduleName);
    if (module === undefined) throw new Error(`unknown module ${input.moduleName}`);
    const loaded = await configs.load(module.name, module.config);
    if (loaded.error) logger.warn("stored config is invalid; using defaults", { module: module.name, issues: loaded.error.issues });
    return loaded;
  };

  const runJob = async ({ input }: { input: { moduleName: string; job: CalculationJob; config: ConfigState } }): Promise<JobOutcome> => {
    const module = calculationsHosted.get(input.moduleName);
    if (module === undefined) throw new Error(`module ${input.moduleName} is not hosted here`);
    const decision = decideCalculation(module, input.job, input.config, now(), `/gutters/${options.nodeId}/${moduleActorId(module.name)}`);
    if (decision.defect) logger.error("calculation defect", { module: module.name, stack: decision.defect.stack });
    if (!(await users.putProfileIfNewer(decision.profile))) return { status: "skipped" };
    for (const event of decision.events) await bus.publishEvent(topics.event(event.type), event);
    return { status: decision.profile.status };
  };

  const machine = supervisorMachine.provide({
    actors: {
      moduleActor: moduleActorMachine.provide({
        actors: {
          loadConfig: fromPromise(loadConfig),
          runJob: fromPromise(runJob),
        },
      }),
      trackingActor: trackingActorMachine.provide({
        actors: {
          loadConfig: fromPromise(loadConfig),
          runTick: fromPromise(async ({ input }: { input: { moduleName: string; config: ConfigState; windowStart?: string } }) => {
            const module = trackersHosted.get(input.moduleName);
            if (module === undefined) throw new Error(`tracking module ${input.moduleName} is not hosted here`);
            return runTrackingTick(
              { nodeId: options.nodeId, tracking: options.tracking, bus, topics, now, observations },
              module,
              input.config,
              input.windowStart,
            );
          }),
        },
      }),
      pipeline: pipelineLogic(pipeline),
    },
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
      modules: options.hosted.map((module) => ({ name: module.name, layer: module.layer })),
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
  const publishSummaries = (): void => {
    if (!started) return;
    for (const summary of actorSummaries()) live.changed(summary.id, summary);
  };
  let started = false;

  supervisor.subscribe({ error: (error) => logger.error("supervisor failed", describeError(error)) });
  supervisor.start();
  started = true;
  publishSummaries();

  /** Sends an unusable payload to the dead letter; a dead letter that cannot be sent is only logged. */
  const rejectPayload = (topic: string, payload: Uint8Array, error: unknown): void => {
    deadLetters.send(topic, payload, error, now()).catch((sendError: unknown) => logger.warn("dead letter lost", describeError(sendError)));
  };

  const onEvent = <T extends "user.birth_data.updated" | "user.deleted" | "module.profile.calculated" | "config.updated">(
    type: T,
    handle: (event: CloudEvent & { data: EventData<T> }) => void,
  ) =>
    bus.subscribe(topics.event(type), (topic, payload) => {
      let event: CloudEvent;
      try {
        event = decodeEvent(payload, type);
      } catch (error) {
        rejectPayload(topic, payload, error);
        return;
      }
      handle(event as CloudEvent & { data: EventData<T> });
    });

  const unsubscribers = await Promise.all([
    onEvent("user.birth_data.updated", (event) => {
      const userId = event.subject as string;
      supervisor.send({
        type: "birth_data.updated",
        userId,
        eventTime: event.time,
        job: {
          userId,
          eventId: event.id,
          eventTime: event.time,
          birth: event.data,
          ...(event.correlationid ? { correlationId: event.correlationid } : {}),
        },
      });
    }),
    onEvent("user.deleted", (event) => supervisor.send({ type: "user.deleted", userId: event.subject as string })),
    onEvent("module.profile.calculated", (event) =>
      supervisor.send({
        type: "profile.calculated",
        userId: event.data.user_id,
        module: event.data.module,
        sourceEventId: event.data.source_event_id,
      }),
    ),
    onEvent("config.updated", (event) => supervisor.send({ type: "config.updated", moduleName: event.data.module_name })),
    ...(trackersHosted.has("solar")
      ? [
          bus.subscribe(topics.solarFeeds, (topic, payload) => {
            try {
              observations.set("solar", acceptSolarFeed(observations.get("solar"), topic.slice(topic.lastIndexOf("/") + 1), payload, now()));
            } catch (error) {
              rejectPayload(topic, payload, error);
            }
          }),
        ]
      : []),
    bus.subscribe(topics.allRequests, (topic, payload) => {
      handleRequest({ bus, topics, queries, deadLetters, source, now, newId }, topic, payload).catch((error: unknown) =>
        logger.error("request failed", describeError(error)),
      );
    }),
  ]);

  const modulesIdle = (): boolean =>
    actorSummaries().every((summary) => summary.queue_length === 0 && summary.state !== "working" && summary.state !== "ticking");

  const idle = async (): Promise<void> => {
    for (;;) {
      await pipeline.idle();
      if (modulesIdle()) {
        await pipeline.idle();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const publish = async (type: string, subject: string | undefined, data: unknown): Promise<string> => {
    const event = makeEvent({ id: newId(), source, type, time: now(), data, ...(subject ? { subject } : {}) });
    await bus.publishEvent(topics.event(type), event);
    return event.id;
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
    configOf,
    actorSummaries,
    onInspection: (listener) => live.listen(listener),
    async readiness() {
      const database = await options.database.ping();
      const broker = bus.isConnected();
      const modules = Object.fromEntries(actorSummaries().map((summary) => [summary.module, summary.state]));
      const modulesReady = Object.values(modules).every((state) => ["ready", "working", "waiting", "ticking", "retrying"].includes(state));
      return { ready: database && broker && modulesReady && !stopped, checks: { database, broker, modules } };
    },
    async submitBirthData(userId, birth) {
      const eventId = newId();
      const at = now();
      await users.applyBirthEvent(userId, birth, eventId, at, at);
      const event = makeEvent({ id: eventId, source, type: "user.birth_data.updated", time: at, subject: userId, data: birth });
      await bus.publishEvent(topics.event(event.type), event);
      return eventId;
    },
    async deleteUser(userId) {
      const removed = await users.deleteUser(userId);
      await publish("user.deleted", userId, {});
      return removed > 0;
    },
    async publishConfigUpdated(moduleName, version) {
      await publish("config.updated", undefined, { module_name: moduleName, version });
    },
    idle,
    tickNow(moduleName) {
      if (!trackersHosted.has(moduleName)) return false;
      const child = supervisor.getSnapshot().children[moduleActorId(moduleName)] as AnyActorRef | undefined;
      child?.send({ type: "tick.now" });
      return child !== undefined;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      supervisor.send({ type: "intake.stop" });
      for (const unsubscribe of unsubscribers) await unsubscribe();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, runtime.shutdown_timeout_ms).unref());
      await Promise.race([idle(), deadline]);
      supervisor.stop();
      live.stop();
    },
  };
}
