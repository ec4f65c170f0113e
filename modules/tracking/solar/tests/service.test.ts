import { describe, expect, test } from "bun:test";
import { parseKp1m, parseKp3h } from "../kp.ts";
import { SolarConfigSchema, type SolarReadings, type XraySample } from "../schemas.ts";
import { solarSnapshot, stormPotential } from "../service.ts";
import { parseMag, parsePlasma } from "../wind.ts";
import { parseXrays } from "../xray.ts";
import { trackingCase } from "./cases.ts";

const config = SolarConfigSchema.parse({});

describe("solar snapshot", () => {
  test("storm day: Kp storm level across the window reset, an X flare, strongly southward Bz, fast wind", () => {
    const at = new Date("2026-08-02T21:00:00Z");
    const flare: XraySample[] = [2e-6, 2.8e-4, 6e-5, 9e-7].map((flux, i) => ({
      time: new Date(Date.parse("2026-08-02T20:30:00Z") + i * 60_000).toISOString(),
      flux,
      band: "long",
      satellite: 18,
    }));
    const readings: SolarReadings = {
      kp_1m: parseKp1m(trackingCase("swpc-kp1m-window-reset").input.payload),
      kp_3h: [],
      xray: flare,
      mag: parseMag([{ time_tag: "2026-08-02T20:59:00", active: true, bz_gsm: -14.2, bt: 18, overall_quality: 0 }]),
      wind: parsePlasma([{ time_tag: "2026-08-02T20:59:00", active: true, proton_speed: 742, proton_density: 12, overall_quality: 0 }]),
    };
    const snapshot = solarSnapshot(readings, at, config, { latitude: 48.86, longitude: 2.35 });
    expect(snapshot.kp).toEqual({ latest: 2, latest_time: "2026-08-02T21:00:00.000Z", storm_level: 5.67, g_scale: "G2" });
    expect(snapshot.flares.peak_class).toBe("X2.8");
    expect(snapshot.flares.r_scale).toBe("R3");
    expect(snapshot.flares.counts).toEqual({ C: 0, M: 0, X: 1 });
    expect(snapshot.bz?.orientation).toBe("southward");
    expect(snapshot.storm_potential.level).toBe("high");
    expect(snapshot.storm_potential.reasons.length).toBe(3);
    // Kp 5.67 puts the oval edge at 54.7° geomagnetic; Paris (50.4°) is within the 4.5° horizon margin.
    expect(snapshot.aurora?.visibility).toBe("horizon");
  });

  test("quiet day: 3-hour Kp fallback, B-class background, near-zero Bz, slow wind", () => {
    const readings: SolarReadings = {
      kp_1m: [],
      kp_3h: parseKp3h(trackingCase("swpc-kp3h-object-format").input.payload),
      xray: parseXrays(trackingCase("swpc-xrays-split-bands").input.payload),
      mag: parseMag(trackingCase("swpc-mag-legacy").input.payload),
      wind: parsePlasma(trackingCase("swpc-plasma-legacy").input.payload),
    };
    const snapshot = solarSnapshot(readings, new Date("2026-08-07T01:30:00Z"), config);
    expect(snapshot.kp?.storm_level).toBe(4.33);
    expect(snapshot.kp?.g_scale).toBe("G0");
    expect(snapshot.flares.events).toEqual([]);
    expect(snapshot.flares.peak_class).toBeNull();
    expect(snapshot.flares.r_scale).toBe("none");
    expect(snapshot.bz?.orientation).toBe("neutral");
    expect(snapshot.storm_potential).toEqual({ level: "moderate", reasons: ["Kp 4.33 active"] });
    expect(snapshot.aurora).toBeNull();
  });

  test("no readings: every derived value is null or empty, never invented", () => {
    const empty: SolarReadings = { kp_1m: [], kp_3h: [], xray: [], mag: [], wind: [] };
    const snapshot = solarSnapshot(empty, new Date("2026-08-07T01:30:00Z"), config, { latitude: 60, longitude: 10 });
    expect(snapshot.kp).toBeNull();
    expect(snapshot.bz).toBeNull();
    expect(snapshot.wind).toBeNull();
    expect(snapshot.aurora).toBeNull();
    expect(snapshot.storm_potential).toEqual({ level: "unknown", reasons: [] });
  });

  test("storm potential thresholds come from config", () => {
    const strict = SolarConfigSchema.parse({ storm: { speed_moderate_kms: 300 } }).storm;
    expect(stormPotential({ kp: null, bz: null, speed: 350, density: 25 }, strict).level).toBe("moderate");
    expect(stormPotential({ kp: null, bz: -6, speed: 350, density: null }, config.storm).level).toBe("moderate");
    expect(stormPotential({ kp: null, bz: null, speed: 350, density: null }, config.storm).level).toBe("low");
  });
});
