import { createHash } from "node:crypto";
import { NotFoundError, parseOrThrow } from "../core/errors.ts";
import { type CloudEvent, makeEvent } from "../core/events.ts";
import type { ModuleOutput } from "../modules/contract.ts";
import { hypothesesModule } from "../modules/intelligence/hypotheses/module.ts";
import { FeedbackSchema, type Hypothesis, HypothesisConfigSchema, type HypothesisEvent } from "../modules/intelligence/hypotheses/schemas.ts";
import { applyFeedback, ingestFinding, refreshHypothesis } from "../modules/intelligence/hypotheses/service.ts";
import { type FindingEvent, findingEvents, isLapse } from "../modules/intelligence/observer/events.ts";
import { type Finding, type ObserverConfig } from "../modules/intelligence/observer/schemas.ts";
import { observe } from "../modules/intelligence/observer/service.ts";
import { themesModule } from "../modules/intelligence/themes/module.ts";
import { type SynthesisCore, ThemesConfigSchema } from "../modules/intelligence/themes/schemas.ts";
import { synthesize } from "../modules/intelligence/themes/service.ts";
import { trackedUserFromProfile } from "../modules/tracked-user.ts";
import { NATAL_CHART_MODULE, type SynthesisDocument, type TrackingContribution } from "../store/user-store.ts";
import type { IntelligenceDeps } from "./intelligence-deps.ts";

const DAY_MS = 86_400_000;

/** The lease under which a person's hypotheses are read, changed and written (FerretDB does not isolate updates). */
const hypothesesLease = (userId: string): string => `hypotheses:${userId}`;

/**
 * A hypothesis started by a finding gets an id derived from it, so two runs that race start the same one (a
 * finding id names its person, so the id is unique across people).
 */
export function hypothesisId(findingId: string): string {
  return `h-${createHash("sha256").update(findingId).digest("hex").slice(0, 24)}`;
}

/** Days of journal and history a run reads: the longest pattern window and the longest Kp lag, plus a day. */
export function lookbackDays(config: ObserverConfig): number {
  const windows = [config.solar.window_days + Math.max(...config.solar.lags_days), config.lunar.window_days, config.day_of_week.window_days, config.transit.window_days];
  return Math.max(...windows) + 1;
}

export interface PersonRun {
  findings: number;
  finding_events: number;
  hypothesis_events: number;
  /** `lunar` history source, or null when the person has no entries in the window. */
  lunar_source: "stored" | "computed" | null;
}

const hypothesisEventId = (event: HypothesisEvent, hypothesis: Hypothesis): string =>
  `${event.data.hypothesis_id}:${event.type}:${hypothesis.updated_at}:${hypothesis.evidence.length}`;

/** Whether a change moved a hypothesis into or out of `confirmed` (the synthesis lists the confirmed ones). */
const touchesConfirmed = (events: readonly HypothesisEvent[]): boolean =>
  events.some((event) => event.type === "hypothesis.status.changed" && (event.data.status === "confirmed" || event.data.previous_status === "confirmed"));

/**
 * The intelligence layer's per-person work with its I/O: observer runs (findings and the hypotheses they start),
 * the person's feedback, and the intelligence part of their synthesis. Decisions are the pure services'; this
 * reads their inputs, stores their results and publishes their events on the person's topic.
 */
export class PersonInsight {
  constructor(private readonly deps: IntelligenceDeps) {}

  private async publish(events: readonly CloudEvent[]): Promise<void> {
    for (const event of events) await this.deps.bus.publishEvent(this.deps.topics.eventTopic(event), event);
  }

  private hypothesisEvents(changes: readonly { hypothesis: Hypothesis; events: HypothesisEvent[] }[], now: Date): CloudEvent[] {
    return changes.flatMap((change) =>
      change.events.map((event) =>
        makeEvent({ id: hypothesisEventId(event, change.hypothesis), source: this.deps.source, type: event.type, time: now, subject: event.subject, data: event.data }),
      ),
    );
  }

  /**
   * Observes one person at `at`: reads their journal and the sky history of the look-back, runs the observer,
   * stores new, changed and lapsed findings and announces them, feeds the detected ones to the hypotheses (and
   * refreshes the others' decay), and refreshes the synthesis when a hypothesis enters or leaves `confirmed`.
   */
  async observePerson(userId: string, at: Date, config: ObserverConfig): Promise<PersonRun> {
    const { store, users } = this.deps;
    if (!(await users.userExists(userId))) return { findings: 0, finding_events: 0, hypothesis_events: 0, lunar_source: null };
    const { findingsFound, findingChanges, lunarSource } = await this.updateFindings(userId, at, config);
    const hypothesisConfig = HypothesisConfigSchema.parse((await this.deps.configOf(hypothesesModule)).config);
    const changes = await this.deps.leases.with(hypothesesLease(userId), async () => {
      const existing = await store.hypothesesOf(userId);
      const touched = new Map<string, { hypothesis: Hypothesis; events: HypothesisEvent[] }>();
      // A lapsed finding is no evidence; the hypothesis it started decays by the refresh below.
      for (const { data: finding } of findingChanges.filter((change) => !isLapse(change))) {
        const current = [...existing.filter((h) => !touched.has(h.id)), ...[...touched.values()].map((c) => c.hypothesis)];
        // A finding is evidence once a day at most (the original observed daily): runs after each burst of entries
        // must not confirm a hypothesis by repeating one observation.
        const daily = { ...finding, detected_at: new Date(Math.floor(Date.parse(finding.detected_at) / DAY_MS) * DAY_MS).toISOString() };
        const change = ingestFinding(current, daily, at, hypothesisConfig, hypothesisId(finding.id));
        if (change !== null) touched.set(change.hypothesis.id, { hypothesis: change.hypothesis, events: [...(touched.get(change.hypothesis.id)?.events ?? []), ...change.events] });
      }
      // Decay and staleness of the others, so a hypothesis nothing supports any more loses its status in time.
      for (const hypothesis of existing) {
        if (touched.has(hypothesis.id)) continue;
        const change = refreshHypothesis(hypothesis, at, hypothesisConfig);
        if (change.events.length > 0) touched.set(hypothesis.id, change);
      }
      for (const change of touched.values()) await store.putHypothesis(change.hypothesis);
      return [...touched.values()];
    });
    // Erased while this ran: whichever of the erasure and these writes came last, nothing stays.
    if (!(await users.userExists(userId))) {
      await store.deleteUser(userId);
      return { findings: 0, finding_events: 0, hypothesis_events: 0, lunar_source: lunarSource };
    }
    const events = this.hypothesisEvents(changes, at);
    await this.publish(events);
    if (touchesConfirmed(changes.flatMap((change) => change.events))) await this.refreshSynthesis(userId);
    return { findings: findingsFound, finding_events: findingChanges.length, hypothesis_events: events.length, lunar_source: lunarSource };
  }

  /**
   * Runs the observer over the person's look-back, stores what changed (new, changed and lapsed findings: every
   * stored one lapses when the window holds no entries, since nothing supports it) and announces it.
   */
  private async updateFindings(userId: string, at: Date, config: ObserverConfig) {
    const { store } = this.deps;
    const from = new Date(at.getTime() - lookbackDays(config) * DAY_MS);
    const entries = (await store.entriesSince(userId, from)).filter((entry) => Date.parse(entry.time) <= at.getTime());
    let lunarSource: PersonRun["lunar_source"] = null;
    let detected: Finding[] = [];
    if (entries.length > 0) {
      const history = await this.deps.history.read(from, at, config.lunar.min_history_points);
      lunarSource = history.lunar_source;
      detected = observe({ journal: entries, history: { solar: history.solar, lunar: history.lunar } }, userId, at, config).findings;
    }
    const findingChanges = findingEvents(await store.findingsOf(userId), detected, at);
    await store.putFindings(findingChanges.map((change) => change.data));
    // A lapse's id differs from the detection's it follows (same finding, same detected_at).
    const findingEventId = ({ data }: FindingEvent): string =>
      data.lapsed_at !== undefined ? `${data.id}@lapsed@${data.lapsed_at}` : `${data.id}@${data.detected_at}`;
    await this.publish(
      findingChanges.map((change) =>
        makeEvent({ id: findingEventId(change), source: this.deps.source, type: change.type, time: at, subject: userId, data: change.data }),
      ),
    );
    return { findingsFound: detected.length, findingChanges, lunarSource };
  }

  /** The person's `confirm` / `reject` of a hypothesis (400 naming the field, 404 unknown person or hypothesis). */
  async feedback(userId: string, hypothesisIdParam: string, input: unknown): Promise<Hypothesis> {
    const { feedback } = parseOrThrow(FeedbackSchema.strict(), input, "feedback");
    if (!(await this.deps.users.userExists(userId))) throw new NotFoundError(`no user with id "${userId}"`);
    const config = HypothesisConfigSchema.parse((await this.deps.configOf(hypothesesModule)).config);
    const now = this.deps.now();
    const change = await this.deps.leases.with(hypothesesLease(userId), async () => {
      const hypothesis = (await this.deps.store.hypothesesOf(userId)).find((h) => h.id === hypothesisIdParam);
      if (hypothesis === undefined) throw new NotFoundError(`no hypothesis with id "${hypothesisIdParam}"`);
      const applied = applyFeedback(hypothesis, feedback, now, config);
      if (applied.events.length > 0) await this.deps.store.putHypothesis(applied.hypothesis);
      return applied;
    });
    await this.publish(this.hypothesisEvents([change], now));
    if (touchesConfirmed(change.events)) await this.refreshSynthesis(userId);
    return change.hypothesis;
  }

  /** Themes, highlights, coverage and confirmed hypotheses for module outputs (the synthesis's intelligence part). */
  async synthesisCore(userId: string, modules: readonly ModuleOutput[]): Promise<SynthesisCore> {
    const config = ThemesConfigSchema.parse((await this.deps.configOf(themesModule)).config);
    const hypotheses = await this.deps.store.hypothesesOf(userId);
    return synthesize({ results: modules, registered: this.deps.expectedModules, hypotheses }, config);
  }

  /**
   * Recomputes the intelligence part of the stored synthesis (its revision unchanged) and, with `context`, its
   * tracking context; then announces the synthesis again, under an id naming what it now holds (the confirmed
   * hypotheses, the tracking snapshots): consumers see each different synthesis once.
   */
  async refreshSynthesis(userId: string, options: { context?: boolean } = {}): Promise<boolean> {
    const synthesis = await this.deps.users.getSynthesis(userId);
    if (synthesis === null) return false;
    // Only the current revision's synthesis: not one an erased user of the same id left behind.
    if (synthesis.source_event_id !== (await this.deps.users.getUserHead(userId))?.birth_event_id) return false;
    const now = this.deps.now();
    const core = await this.synthesisCore(userId, Object.values(synthesis.modules));
    const tracking = options.context === true ? await this.trackingOf(synthesis) : undefined;
    if (!(await this.deps.users.updateSynthesisCore(userId, synthesis.revision, core, now, tracking))) return false;
    const holds = core.confirmed_hypotheses.map((h) => h.id);
    const label = tracking === undefined ? "h" : "c";
    if (tracking !== undefined) holds.push(...Object.entries(tracking).map(([module, contribution]) => `${module}@${contribution.as_of}`));
    const digest = createHash("sha256").update(holds.join("\n")).digest("hex").slice(0, 12);
    await this.publish([
      makeEvent({
        id: `${synthesis.source_event_id}:synthesis:${label}${digest}`,
        source: this.deps.source,
        type: "synthesis.profile.generated",
        time: now,
        subject: userId,
        data: { user_id: userId, source_event_id: synthesis.source_event_id, revision: synthesis.revision, modules: Object.keys(synthesis.modules) },
      }),
    ]);
    this.deps.narrate?.(userId, { revision: synthesis.revision, intelligence_updated_at: now }, core);
    return true;
  }

  /** The tracking context of a stored synthesis's person now (their natal chart from the synthesis itself). */
  private async trackingOf(synthesis: SynthesisDocument): Promise<Record<string, TrackingContribution>> {
    const natal = synthesis.modules[NATAL_CHART_MODULE];
    const user = natal === undefined ? undefined : trackedUserFromProfile({ user_id: synthesis.user_id, data: natal.data, metadata: natal.metadata });
    return (await this.deps.trackingContext?.(user)) ?? {};
  }
}
