import type { BirthData } from "./birth-data.ts";
import type { CalculationModule, ModuleOutput } from "./contract.ts";

/**
 * Runs a calculation module's pure function and wraps its result as a module output (DESIGN.md §4). The
 * data are checked against the module's own schema, so a module can never publish a shape it did not
 * declare.
 */
export function runCalculation(
  module: CalculationModule,
  birth: BirthData,
  config: Record<string, unknown>,
  configVersion: number,
  now: Date,
): ModuleOutput {
  const result = module.calculate(birth, config, { now });
  const data = module.data.parse(result.data);
  return {
    module: module.name,
    layer: module.layer,
    version: module.version,
    data,
    insights: result.insights,
    metadata: {
      confidence: result.confidence,
      accuracy: result.accuracy,
      calculated_at: now.toISOString(),
      config_version: configVersion,
      notes: result.notes ?? [],
    },
  };
}
