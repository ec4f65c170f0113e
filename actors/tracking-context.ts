import type { TrackedUser } from "../modules/contract.ts";
import type { AnyModule, Registry } from "../modules/registry.ts";
import type { HistoryDocument, TrackingStore } from "../store/tracking-store.ts";
import type { TrackingContribution } from "../store/user-store.ts";

export interface TrackingContextDeps {
  registry: Registry;
  tracking: Pick<TrackingStore, "latest">;
  configOf: (module: AnyModule) => Promise<{ config: Record<string, unknown> }>;
  /** How long a tracking module's latest snapshot is reused: trackers tick every few minutes. */
  cacheMs: number;
}

/**
 * How long "no snapshot yet" is believed. Long enough that a node whose trackers run elsewhere, or not at all,
 * does not read every tracking module's history for each synthesis (3 of a user's ≈ 20 database operations),
 * short enough that a first tick shows in the syntheses written a few seconds later.
 */
export const MISSING_SNAPSHOT_CACHE_MS = 5_000;

/**
 * Each tracking module's current context for a user, added to the synthesis. The latest snapshots are
 * read once per `cacheMs`, not once per synthesis: a busy pipeline would otherwise read the same
 * documents for every user.
 */
export class TrackingContext {
  private readonly cache = new Map<string, { at: number; latest: HistoryDocument | null }>();

  constructor(private readonly deps: TrackingContextDeps) {}

  async contributions(natal: TrackedUser | undefined): Promise<Record<string, TrackingContribution>> {
    const contributions: Record<string, TrackingContribution> = {};
    for (const module of this.deps.registry.trackingModules()) {
      const latest = await this.latest(module.name);
      if (latest === null) continue;
      const { config } = await this.deps.configOf(module);
      contributions[module.name] = { as_of: latest.at.toISOString(), ...module.contribute(latest.snapshot, natal, config) };
    }
    return contributions;
  }

  /** Drops the cached snapshots: a tick has just published something, and the next read must see its snapshot. */
  forget(): void {
    this.cache.clear();
  }

  private async latest(moduleName: string): Promise<HistoryDocument | null> {
    // Wall-clock age, not the calculations' clock (which tests may hold still).
    const now = performance.now();
    const cached = this.cache.get(moduleName);
    const maxAge = cached?.latest === null ? Math.min(this.deps.cacheMs, MISSING_SNAPSHOT_CACHE_MS) : this.deps.cacheMs;
    if (cached !== undefined && now - cached.at < maxAge) return cached.latest;
    const latest = await this.deps.tracking.latest(moduleName);
    this.cache.set(moduleName, { at: now, latest });
    return latest;
  }
}
