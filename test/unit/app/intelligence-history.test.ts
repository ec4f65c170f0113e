import { describe, expect, test } from "bun:test";
import { ComputedLunarHistory, kpSamplesOf, LUNAR_STEP_MS, lunarSamplesOf, SkyHistoryReader } from "../../../app/intelligence-history.ts";
import { lunarModule } from "../../../modules/tracking/lunar/module.ts";
import { configDefaults } from "../../../modules/contract.ts";

describe("history series from tracking snapshots", () => {
  test("a Kp reading repeated by consecutive ticks counts once, by its own time; ticks without one add nothing", () => {
    const kp = (latest: number, time: string) => ({ snapshot: { kp: { latest, latest_time: time } } });
    const samples = kpSamplesOf([kp(3, "2026-01-01T03:00:00Z"), kp(3, "2026-01-01T03:00:00Z"), { snapshot: { kp: null } }, kp(6, "2026-01-01T00:00:00Z")]);
    expect(samples).toEqual([
      { time: "2026-01-01T00:00:00.000Z", kp: 6 },
      { time: "2026-01-01T03:00:00.000Z", kp: 3 },
    ]);
  });

  test("lunar samples are the tick's instant and phase angle", () => {
    const at = new Date("2026-01-01T06:00:00Z");
    expect(lunarSamplesOf([{ at, snapshot: { phase_angle: 123.4 } }, { at, snapshot: {} }])).toEqual([{ time: at.toISOString(), phase_angle: 123.4 }]);
  });

  test("computed phase angles agree with the lunar module's snapshot at the same instants", () => {
    const computed = new ComputedLunarHistory().samples(new Date("2026-03-01T01:00:00Z"), new Date("2026-03-02T00:00:00Z"));
    expect(computed.map((s) => s.time)).toEqual(["2026-03-01T06:00:00.000Z", "2026-03-01T12:00:00.000Z", "2026-03-01T18:00:00.000Z", "2026-03-02T00:00:00.000Z"]);
    const snapshotAt = lunarModule.snapshotAt as NonNullable<typeof lunarModule.snapshotAt>;
    for (const sample of computed) {
      const expected = snapshotAt(new Date(sample.time), configDefaults(lunarModule)).phase_angle;
      // Same ephemeris and formula: equal to rounding.
      expect(Math.abs(sample.phase_angle - expected)).toBeLessThan(1e-6);
    }
  });
});

describe("SkyHistoryReader", () => {
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));

  test("uses the stored lunar history when it covers the span, else the ephemeris; reads once within the cache's life", async () => {
    let reads = 0;
    let lunarRows = 0;
    const tracking = {
      series: async (module: string, from: Date) => {
        reads += 1;
        if (module === "solar") return [{ at: from, snapshot: { kp: { latest: 4, latest_time: from.toISOString() } } }];
        return Array.from({ length: lunarRows }, (_, i) => ({ at: new Date(from.getTime() + i * LUNAR_STEP_MS), snapshot: { phase_angle: i } }));
      },
    };
    const reader = new SkyHistoryReader(tracking, 1000);
    const first = await reader.read(day(1), day(3), 4, 0);
    expect(first.lunar_source).toBe("computed");
    expect(first.lunar).toHaveLength(9);
    expect(first.solar).toEqual([{ time: day(1).toISOString(), kp: 4 }]);
    await reader.read(day(1), day(3), 4, 500);
    expect(reads).toBe(2);
    lunarRows = 8;
    const later = await reader.read(day(1), day(3), 4, 2000);
    expect(reads).toBe(4);
    expect(later.lunar_source).toBe("stored");
    expect(later.lunar).toHaveLength(8);
  });

  test("a failed read is not cached", async () => {
    let fail = true;
    const reader = new SkyHistoryReader({ series: async () => (fail ? Promise.reject(new Error("down")) : []) }, 60_000);
    await expect(reader.read(day(1), day(2), 0, 0)).rejects.toThrow("down");
    fail = false;
    expect((await reader.read(day(1), day(2), 0, 1)).solar).toEqual([]);
  });
});
