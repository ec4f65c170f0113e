import { z } from "zod";
import { defineCalculationModule } from "../../modules/contract.ts";

/**
 * A real calculation module for restart tests: its first result is larger than MongoDB's 16 MiB document
 * limit, so storing it fails inside the database driver exactly as an infrastructure failure would. Later
 * results are small.
 */
export function createOversizedOnceModule() {
  let calls = 0;
  return defineCalculationModule({
    name: "oversized_once",
    layer: "calculation",
    version: "1.0.0",
    description: "test module whose first result cannot be stored",
    config: z.object({ size_bytes: z.number().int().default(17 * 1024 * 1024) }),
    data: z.object({ blob: z.string(), call: z.number() }),
    calculate(_birth, config) {
      calls += 1;
      return {
        data: { blob: calls === 1 ? "x".repeat(config.size_bytes) : "small", call: calls },
        insights: [],
        confidence: 1,
        accuracy: "full",
      };
    },
  });
}
