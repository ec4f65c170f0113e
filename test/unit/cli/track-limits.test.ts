import { describe, expect, test } from "bun:test";
import { CliError } from "../../../cli/commands.ts";
import { trackCommand } from "../../../cli/track.ts";
import { registry } from "../../../modules/index.ts";

const NOW = new Date("2026-01-01T00:00:00Z");

async function refusal(target: string, options: { at?: string; days?: string }): Promise<CliError> {
  const error = await trackCommand(registry, target, options, NOW).catch((thrown: unknown) => thrown);
  if (error instanceof CliError) return error;
  throw new Error("expected a CliError");
}

describe("the CLI door checks the same range of instants", () => {
  test("--at outside 1500–2200 exits 2 at once, naming the flag", async () => {
    const started = performance.now();
    const error = await refusal("lunar", { at: "4500-01-01T00:00:00Z" });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("--at");
    expect(performance.now() - started).toBeLessThan(500);
  });

  test("--days beyond the limit exits 2, naming days", async () => {
    const error = await refusal("upcoming", { days: "400" });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("days");
  });
});
