import type { DeadLetterOffice } from "../bus/dead-letter.ts";
import type { BrokerAccounts } from "../auth/verifier.ts";
import type { EventBus } from "../bus/mqtt-bus.ts";
import type { Queries } from "../app/queries.ts";
import type { RuntimeSettings } from "../config/runtime.ts";
import type { Topics } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";
import type { BirthData } from "../modules/birth-data.ts";
import type { AnyModule, Registry } from "../modules/registry.ts";
import type { ConfigStore } from "../store/config-store.ts";
import type { Database } from "../store/database.ts";
import type { TrackingStore } from "../store/tracking-store.ts";
import type { UserStore } from "../store/user-store.ts";
import type { ActorSummary } from "./actor-summary.ts";
import type { SettleReason } from "./jobs.ts";
import type { SanitizedInspection } from "./live-state.ts";
import type { ReconcilerCounts } from "./reconciler.ts";
import type { NarrativeOutcome } from "../app/narrator.ts";
import type { JournalEntry } from "../modules/intelligence/journal/schemas.ts";
import type { IntelligenceStore } from "../store/intelligence-store.ts";
import type { PersonInsight } from "../app/person-insight.ts";

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
  /** People's MQTT accounts on a broker that keeps them: removed when the person is erased. */
  brokerAccounts?: BrokerAccounts;
  now?: () => Date;
  newId?: () => string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: boolean; broker: boolean; modules: Record<string, string>; shared_subscriptions: boolean };
}

/** Work a node handed back instead of finishing, by reason (the reconciler re-issues it). */
export type ReturnedJobs = Record<SettleReason, number>;

export interface BirthSubmission {
  eventId: string;
  revision: number;
  created: boolean;
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
  /** Reconciliation rounds and what they found. */
  reconciler: { counts: ReconcilerCounts; runOnce(): Promise<void> };
  returnedJobs: ReturnedJobs;
  /** Narrative requests of this node, by outcome (`gutters_narrative_total`). */
  narratives: Readonly<Record<NarrativeOutcome, number>>;
  /**
   * Stores the user's birth data as their next revision (pending until synthesized), then announces it.
   * Resolves once stored: the announcement follows, and the reconciler repeats it if it is lost.
   */
  submitBirthData(userId: string, birth: BirthData, options?: { newUser?: boolean }): Promise<BirthSubmission>;
  /** Erases every document of the user and tells every node; false when there was no such user. */
  deleteUser(userId: string): Promise<boolean>;
  publishConfigUpdated(moduleName: string, version: number): Promise<void>;
  /** The intelligence layer: journal, findings, hypotheses (DESIGN.md §12). */
  intelligence: {
    store: IntelligenceStore;
    insight: PersonInsight;
    /**
     * Validates and stores a person's entry with its cosmic context, then announces it on their topic (the
     * observer runs on the announcement). `created` is false for an id stored before (the stored entry is returned).
     */
    submitJournalEntry(userId: string, input: unknown): Promise<{ entry: JournalEntry; created: boolean }>;
  };
  /** Resolves when no module actor, pipeline task or narrative request (bounded by its timeout) has work left. */
  idle(): Promise<void>;
  /** Runs a hosted tracking module's tick now instead of at its next slot (operations and tests). */
  tickNow(moduleName: string): boolean;
  /**
   * Stops intake (new messages stay unacknowledged for a restart or another node), finishes the work in
   * hand, writes the syntheses it leads to, clears this node's retained actor topics (bounded by the
   * shutdown timeout).
   */
  stop(): Promise<void>;
}

