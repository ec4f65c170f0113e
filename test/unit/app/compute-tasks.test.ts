import { describe, expect, test } from "bun:test";
import { computable, deserializeError, runComputeTask, serializeError } from "../../../app/compute-tasks.ts";
import { GuttersError, ValidationError } from "../../../core/errors.ts";
import { BirthDataSchema } from "../../../modules/birth-data.ts";
import { numerologyModule } from "../../../modules/calculation/numerology/module.ts";
import { configDefaults } from "../../../modules/contract.ts";
import { TransitsConfigSchema } from "../../../modules/tracking/transits/schemas.ts";
import { UpcomingConfigSchema } from "../../../modules/tracking/upcoming/schemas.ts";
import type { ModuleOutput } from "../../../modules/contract.ts";
import type { Upcoming } from "../../../modules/tracking/upcoming/schemas.ts";

const NOW = new Date("2026-12-02T00:00:00Z");

describe("compute tasks run the same way inline as on a thread", () => {
  test("calc: Paul McCartney 1942-06-18 has life path 22 (component method; calculation notes)", () => {
    const birth = BirthDataSchema.parse({ name: "Paul McCartney", date: "1942-06-18", latitude: 53.41, longitude: -2.98 });
    const output = runComputeTask({
      kind: "calc",
      module: "numerology",
      version: numerologyModule.version,
      birth,
      config: configDefaults(numerologyModule),
      configVersion: 0,
      now: NOW,
    }) as ModuleOutput;
    expect((output.data as { life_path: number }).life_path).toBe(22);
  });

  test("calc refuses a module version this build does not have", () => {
    expect(computable("numerology", numerologyModule.version)).toBe(true);
    expect(computable("numerology", "0.0.0-other")).toBe(false);
    expect(computable("lunar", "1.0.0")).toBe(false);
    const birth = BirthDataSchema.parse({ name: "A", date: "1990-01-01", latitude: 0, longitude: 0 });
    expect(() => runComputeTask({ kind: "calc", module: "numerology", version: "0.0.0-other", birth, config: {}, configVersion: 0, now: NOW })).toThrow(GuttersError);
  });

  // "Christmas Eve full moons … in 2026 … based on UTC" (paradelle.wordpress.com, 2015-12-24, "A Full Moon for Christmas").
  test("upcoming: the next 30 days' phases hold the full moon of Christmas Eve 2026 (UTC)", () => {
    const upcoming = runComputeTask({ kind: "upcoming", at: NOW, days: 30, config: UpcomingConfigSchema.parse({}) }) as Upcoming;
    const full = upcoming.events.find((event) => event.type === "lunar_phase" && (event as { phase?: string }).phase === "full_moon");
    expect(full).toBeDefined();
    expect(full?.time.slice(0, 10)).toBe("2026-12-24");
  });

  test("user transits answer for natal points", () => {
    const result = runComputeTask({ kind: "user_transits", at: NOW, config: TransitsConfigSchema.parse({}), points: { sun: 0, moon: 90 } });
    expect(result).toBeDefined();
  });
});

describe("errors crossing the thread boundary", () => {
  test("ours keep code, status and field issues", () => {
    const original = new ValidationError("bad", [{ path: "date", message: "expected YYYY-MM-DD" }]);
    const back = deserializeError(serializeError(original));
    expect([back.code, back.status, back.issues]).toEqual([original.code, 400, original.issues]);
  });

  test("anything else becomes an internal error naming only its class", () => {
    expect(serializeError(new TypeError("secret detail"))).toEqual({ code: "internal", message: "TypeError", status: 500, issues: [] });
    expect(serializeError("x").message).toBe("internal error");
  });
});
