import { z } from "zod";
import type { KpSample, LunarSample } from "../modules/intelligence/journal/schemas.ts";
import { bodyPosition } from "../modules/sky/ephemeris.ts";
import { phaseAngle } from "../modules/tracking/lunar/phases.ts";
import type { TrackingStore } from "../store/tracking-store.ts";

const HOUR_MS = 3_600_000;
/** Spacing of the lunar phase samples computed where the lunar tracker kept none (the Moon gains ~3° in 6 h). */
export const LUNAR_STEP_MS = 6 * HOUR_MS;

const SolarKp = z.object({ kp: z.object({ latest: z.number().min(0).max(9), latest_time: z.iso.datetime() }) });
const LunarPhase = z.object({ phase_angle: z.number().min(0).lt(360) });

/**
 * Kp readings from stored solar snapshots: each tick keeps the latest reading it saw, so consecutive ticks repeat
 * one reading; a reading is counted once, by its own time. Snapshots without a reading (feeds down) add nothing.
 */
export function kpSamplesOf(rows: readonly { snapshot: Record<string, unknown> }[]): KpSample[] {
  const byTime = new Map<string, number>();
  for (const row of rows) {
    const parsed = SolarKp.safeParse(row.snapshot);
    if (parsed.success) byTime.set(new Date(parsed.data.kp.latest_time).toISOString(), parsed.data.kp.latest);
  }
  return [...byTime].map(([time, kp]) => ({ time, kp })).sort((a, b) => a.time.localeCompare(b.time));
}

/** Phase angles from stored lunar snapshots, at the tick's instant. */
export function lunarSamplesOf(rows: readonly { at: Date; snapshot: Record<string, unknown> }[]): LunarSample[] {
  return rows.flatMap((row) => {
    const parsed = LunarPhase.safeParse(row.snapshot);
    return parsed.success ? [{ time: row.at.toISOString(), phase_angle: parsed.data.phase_angle }] : [];
  });
}

/** Phase angles every 6 hours of a span from the lunar module's ephemeris, memoised by slot (the sky is fixed). */
export class ComputedLunarHistory {
  private readonly slots = new Map<number, number>();

  samples(from: Date, to: Date): LunarSample[] {
    const samples: LunarSample[] = [];
    for (let t = Math.ceil(from.getTime() / LUNAR_STEP_MS) * LUNAR_STEP_MS; t <= to.getTime(); t += LUNAR_STEP_MS) {
      let angle = this.slots.get(t);
      if (angle === undefined) {
        const at = new Date(t);
        angle = phaseAngle(bodyPosition("moon", at), bodyPosition("sun", at));
        this.slots.set(t, angle);
      }
      samples.push({ time: new Date(t).toISOString(), phase_angle: angle });
    }
    return samples;
  }
}

export interface SkyHistory {
  solar: KpSample[];
  lunar: LunarSample[];
  /** `stored`: the lunar tracker's history; `computed`: phase angles from the ephemeris (no tracker kept any). */
  lunar_source: "stored" | "computed";
}

/**
 * Solar and lunar history of a span, as the observer reads it. Solar is what the solar tracker stored (it cannot
 * be computed); lunar is what the lunar tracker stored when it covers the span with at least `minLunarPoints`
 * samples, else computed from the ephemeris the tracker uses. Reads are cached for `cacheMs`, so a scheduled pass
 * over many people reads the history once, not once per person.
 */
export class SkyHistoryReader {
  private cached: { key: string; until: number; value: Promise<SkyHistory> } | undefined;
  private readonly computed = new ComputedLunarHistory();

  constructor(
    private readonly tracking: Pick<TrackingStore, "series">,
    private readonly cacheMs: number,
  ) {}

  read(from: Date, to: Date, minLunarPoints: number, nowMs = Date.now()): Promise<SkyHistory> {
    // The span is rounded out to whole hours, so runs within the cache's life share one read.
    const start = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS);
    const end = new Date(Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS);
    const key = `${start.getTime()}:${end.getTime()}:${minLunarPoints}`;
    if (this.cached !== undefined && this.cached.key === key && this.cached.until > nowMs) return this.cached.value;
    const value = this.load(start, end, minLunarPoints);
    this.cached = { key, until: nowMs + this.cacheMs, value };
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return value;
  }

  private async load(from: Date, to: Date, minLunarPoints: number): Promise<SkyHistory> {
    const [solar, lunar] = await Promise.all([this.tracking.series("solar", from, to, ["kp"]), this.tracking.series("lunar", from, to, ["phase_angle"])]);
    const stored = lunarSamplesOf(lunar);
    const useStored = stored.length >= Math.max(1, minLunarPoints);
    return { solar: kpSamplesOf(solar), lunar: useStored ? stored : this.computed.samples(from, to), lunar_source: useStored ? "stored" : "computed" };
  }
}
