import { describe, expect, test } from "bun:test";
import { summarizeModuleActor } from "../../../actors/actor-summary.ts";

const snapshot = (value: string) => ({ value, context: { counters: { runs: 2 }, queue: ["a", "b"] } });

describe("actor summaries", () => {
  test("name the machine the live view draws: tracking by layer, per-person modules, every other module", () => {
    expect(summarizeModuleActor("module.lunar", snapshot("waiting"), { name: "lunar", layer: "tracking" }, undefined).machine).toBe("tracking");
    expect(summarizeModuleActor("module.themes", snapshot("lookingUp"), { name: "themes", layer: "intelligence", personal: true }, undefined).machine).toBe("personal");
    expect(summarizeModuleActor("module.journal", snapshot("ready"), { name: "journal", layer: "intelligence" }, undefined).machine).toBe("calculation");
  });

  test("a child the supervisor restarts or gave up on says so; its held jobs count in its queue", () => {
    const health = { restarts: [1], failed: false, down: true, held: [], lastCrash: "boom" };
    const restarting = summarizeModuleActor("module.astrology", snapshot("working"), { name: "astrology", layer: "calculation" }, health);
    expect(restarting).toMatchObject({ state: "restarting", status: "restarting", restarts: 1, queue_length: 2, last_error: { message: "boom" } });
    const failed = summarizeModuleActor("module.astrology", undefined, { name: "astrology", layer: "calculation" }, { ...health, failed: true });
    expect(failed).toMatchObject({ state: "failed", status: "failed", counters: {} });
  });
});
