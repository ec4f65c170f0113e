import type { EventBus } from "../bus/mqtt-bus.ts";
import type { Topics } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";
import type { SynthesisCore } from "../modules/intelligence/themes/schemas.ts";
import type { AnyModule } from "../modules/registry.ts";
import type { IntelligenceStore } from "../store/intelligence-store.ts";
import type { DueStore } from "../store/due-store.ts";
import type { Leases } from "../store/leases.ts";
import type { TrackingStore } from "../store/tracking-store.ts";
import type { TrackingContribution, UserStore } from "../store/user-store.ts";
import type { TrackedUser } from "../modules/contract.ts";
import type { SkyHistoryReader } from "./intelligence-history.ts";

/** What the intelligence layer's I/O needs of the node: stores, bus, config and clock. */
export interface IntelligenceDeps {
  store: IntelligenceStore;
  /** Marks of per-person work that is due, kept until a run clears them. */
  due: DueStore;
  users: UserStore;
  tracking: TrackingStore;
  history: SkyHistoryReader;
  leases: Leases;
  bus: EventBus;
  topics: Topics;
  /** A module's current config (its hosted actor's, else the stored row, else the defaults). */
  configOf(module: AnyModule): Promise<{ config: Record<string, unknown>; version: number }>;
  /** Calculation modules a synthesis covers (its coverage is done / these). */
  expectedModules: readonly string[];
  source: string;
  /** The tracking modules' current context for a person (their natal points when known). */
  trackingContext?: (natal: TrackedUser | undefined) => Promise<Record<string, TrackingContribution>>;
  /** Asks for the optional narrative of a synthesis whose intelligence part was rewritten (never awaited). */
  narrate?: (userId: string, basis: { revision: number; intelligence_updated_at: Date }, core: SynthesisCore) => void;
  logger: Logger;
  now: () => Date;
}
