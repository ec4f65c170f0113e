import type { EventBus } from "../bus/mqtt-bus.ts";
import { makeEvent, type Topics } from "../core/events.ts";
import type { TrackedUser, TrackingModule } from "../modules/contract.ts";
import type { TrackingStore } from "../store/tracking-store.ts";
import type { ConfigState } from "./jobs.ts";
import { scheduleOf, type TickOutcome } from "./tracking-actor.ts";

export interface TrackingTickDeps {
  nodeId: string;
  tracking: TrackingStore;
  /** Every user's natal points (per-user occurrences: exact transits, lunar returns). */
  natalCharts: () => Promise<TrackedUser[]>;
  bus: EventBus;
  topics: Topics;
  now: () => Date;
  /** Each module's last observation (solar: feed state), kept between ticks; one entry per module. */
  observations: Map<string, unknown>;
}

const DAY_MS = 86_400_000;

/**
 * One tick of a tracking module: claim the schedule slot (one node per slot), observe, run the pure tick,
 * keep the snapshot as history, retain it as the module's current state, and publish each occurrence
 * that no earlier tick, restart or node has published.
 */
export async function runTrackingTick(
  deps: TrackingTickDeps,
  module: TrackingModule,
  config: ConfigState,
  windowStart: string | undefined,
): Promise<TickOutcome> {
  const at = deps.now();
  const { cadenceMs } = scheduleOf(config);
  const slot = Math.floor(at.getTime() / cadenceMs);
  if (!(await deps.tracking.claimTick(module.name, slot, deps.nodeId, at))) {
    return { status: "claimed_elsewhere", at: at.toISOString(), occurrences_published: 0 };
  }
  let observation: unknown;
  if (module.observe) {
    observation = await module.observe({ at, config: config.config, previous: deps.observations.get(module.name) });
    deps.observations.set(module.name, observation);
  }
  const users = await deps.natalCharts();
  const start = windowStart !== undefined ? new Date(windowStart) : new Date(at.getTime() - cadenceMs);
  const result = module.tick({ at, windowStart: start, config: config.config, observation, users });
  const snapshot = module.snapshot.parse(result.snapshot);

  const historyDays = Number(config.config.history_days ?? 90);
  await deps.tracking.addSnapshot({
    module: module.name,
    at,
    snapshot,
    insights: result.insights,
    config_version: config.version,
    expires_at: new Date(at.getTime() + historyDays * DAY_MS),
  });
  await deps.tracking.pruneHistory(module.name, at);
  await deps.bus.publishJson(
    deps.topics.trackingCurrent(module.name),
    {
      module: module.name,
      layer: module.layer,
      version: module.version,
      data: snapshot,
      insights: result.insights,
      metadata: { calculated_at: at.toISOString(), config_version: config.version },
    },
    { retain: true },
  );

  // Publish, then record: a crash in between publishes the occurrence again on the next tick under the
  // same id (consumers drop it); recording first would lose it for good.
  let published = 0;
  for (const occurrence of result.occurrences) {
    if (await deps.tracking.hasOccurrence(occurrence.key)) continue;
    const event = makeEvent({
      id: occurrence.key,
      source: `/gutters/${deps.nodeId}/tracker.${module.name}`,
      type: occurrence.type,
      time: at,
      data: { ...occurrence.data, time: occurrence.time },
      ...(occurrence.subject !== undefined ? { subject: occurrence.subject } : {}),
    });
    await deps.bus.publishEvent(deps.topics.eventTopic(event), event);
    if (await deps.tracking.recordOccurrence(module.name, occurrence, at)) published += 1;
  }
  return { status: "ticked", at: at.toISOString(), occurrences_published: published };
}
