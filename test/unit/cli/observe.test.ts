import { describe, expect, test } from "bun:test";
import { CliError } from "../../../cli/commands.ts";
import { observeCommand } from "../../../cli/observe.ts";
import { ObserveOutputSchema } from "../../../modules/intelligence/observer/schemas.ts";
import planted from "../../fixtures/intelligence/observe-planted-kp-headache.json" with { type: "json" };

const FIXTURE = "test/fixtures/intelligence/observe-planted-kp-headache.json";
const NOW = new Date("2030-01-01T00:00:00.000Z");

function cliError(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a CliError");
}

describe("observeCommand", () => {
  test("finds the planted Kp–headache relation; the analysis instant is the data's latest time, not the clock", () => {
    const output = observeCommand(planted, undefined, NOW);
    expect(ObserveOutputSchema.parse(output)).toEqual(output);
    expect(output.at).toBe("2026-03-01T21:00:00.000Z");
    expect(output.findings.map((f) => [f.pattern_type, f.subject, f.group])).toEqual([["solar_symptom", "headache", "lag_1d"]]);
    expect(output.findings[0]?.statistic).toBeGreaterThan(0.6);
    expect(output.findings[0]?.p_value).toBeLessThan(0.05);
  });

  test("a config object replaces the defaults (r must reach 0.9: the finding, r ≈ 0.80, is not reported)", () => {
    expect(observeCommand(planted, { solar: { min_abs_r: 0.9 } }, NOW).findings).toEqual([]);
  });

  test("invalid input exits 2, naming each bad field", () => {
    const input = { journal: [{ id: "a", user_id: "u", time: "yesterday", text: "t", mood: 12 }], history: { solar: [{ time: "2026-01-01T00:00:00Z", kp: 10 }] } };
    const error = cliError(() => observeCommand(input, undefined, NOW));
    expect(error.exitCode).toBe(2);
    const paths = error.message.split("\n").slice(1).map((line) => line.trim().split(":")[0]);
    expect(paths.sort()).toEqual(["history.solar.0.kp", "journal.0.mood", "journal.0.time"]);
    expect(cliError(() => observeCommand({ journal: [], history: { lunar: [{ time: "2026-01-01T00:00:00Z", phase_angle: 360 }] } }, undefined, NOW)).message).toContain("history.lunar.0.phase_angle");
    expect(cliError(() => observeCommand(planted, { correction: "bonferonni" }, NOW)).message).toContain("correction");
  });

  test("a hand-made dataset may leave out ids, user and text, and give times with an offset", () => {
    const bare = {
      journal: planted.journal.map(({ time, mood, energy, symptoms }) => ({ time: time.replace("Z", "+00:00"), mood, energy, symptoms })),
      history: planted.history,
    };
    const output = observeCommand(bare, undefined, NOW);
    expect(output.findings.map((f) => [f.user_id, f.subject])).toEqual([["person", "headache"]]);
    expect(output.findings[0]?.evidence.every((id) => /^entry-\d+$/.test(id))).toBe(true);
  });

  test("an input without times is observed at the given instant and finds nothing; history may be left out", () => {
    expect(observeCommand({ journal: [], history: {} }, undefined, NOW)).toEqual({ findings: [], tests: [], at: NOW.toISOString() });
    expect(observeCommand({ journal: [] }, undefined, NOW)).toEqual({ findings: [], tests: [], at: NOW.toISOString() });
  });
});

describe("bun run cli observe", () => {
  test("prints {findings} for a file and exits 2 on invalid standard input", async () => {
    const ok = Bun.spawn(["bun", "run", "cli/main.ts", "observe", FIXTURE], { stdout: "pipe", stderr: "pipe" });
    const printed = JSON.parse(await new Response(ok.stdout).text()) as { findings: { subject: string }[] };
    expect(await ok.exited).toBe(0);
    expect(printed.findings.map((f) => f.subject)).toEqual(["headache"]);

    const bad = Bun.spawn(["bun", "run", "cli/main.ts", "observe", "-"], { stdin: new TextEncoder().encode('{"journal": 1, "history": {}}'), stdout: "pipe", stderr: "pipe" });
    expect(await bad.exited).toBe(2);
    expect(await new Response(bad.stderr).text()).toContain("journal:");
  });
});
