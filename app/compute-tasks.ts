import { GuttersError } from "../core/errors.ts";
import type { BirthData } from "../modules/birth-data.ts";
import type { ModuleOutput, TrackedUser } from "../modules/contract.ts";
import { registry } from "../modules/index.ts";
import { isCalculationModule } from "../modules/registry.ts";
import { runCalculation } from "../modules/run-calculation.ts";
import { prepareTransitTick, userTransits } from "../modules/tracking/transits/service.ts";
import type { TransitsConfig, UserTransits } from "../modules/tracking/transits/schemas.ts";
import type { Upcoming, UpcomingConfig } from "../modules/tracking/upcoming/schemas.ts";
import { upcomingEvents } from "../modules/tracking/upcoming/service.ts";

/**
 * The expensive queries, as plain data so they can cross to a worker thread: every input already validated
 * and resolved (config parsed, natal points read) by the caller.
 */
export type ComputeTask =
  | { kind: "upcoming"; at: Date; days: number; config: UpcomingConfig; natal?: TrackedUser["points"] }
  | { kind: "user_transits"; at: Date; config: TransitsConfig; points: TrackedUser["points"]; cusps?: number[] }
  /** A stateless chart of a module of this build (`version` must match, so a thread never runs other code). */
  | { kind: "calc"; module: string; version: string; birth: BirthData; config: Record<string, unknown>; configVersion: number; now: Date };

export interface ComputeResults {
  upcoming: Upcoming;
  user_transits: UserTransits;
  calc: ModuleOutput;
}

/** Whether a calculation module can run on a compute thread: the build's registry has it, in that version. */
export function computable(moduleName: string, version: string): boolean {
  const module = registry.get(moduleName);
  return module !== undefined && isCalculationModule(module) && module.version === version;
}

/** Runs one task where it is called: in a worker thread, or inline where blocking does not matter (CLI). */
export function runComputeTask(task: ComputeTask): ComputeResults[ComputeTask["kind"]] {
  switch (task.kind) {
    case "upcoming":
      return upcomingEvents(task.at, task.days, task.config, task.natal);
    case "user_transits":
      return userTransits(prepareTransitTick(task.at, task.config), task.points, task.config, task.cusps);
    case "calc": {
      const module = registry.get(task.module);
      if (module === undefined || !isCalculationModule(module) || module.version !== task.version) {
        throw new GuttersError("internal", "module not available on the compute thread", { status: 500 });
      }
      return runCalculation(module, task.birth, task.config, task.configVersion, task.now);
    }
  }
}

/** A failure as it crosses the thread boundary: our errors keep code, status and field issues. */
export interface SerializedError {
  code: string;
  message: string;
  status: number;
  issues: GuttersError["issues"];
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof GuttersError) return { code: error.code, message: error.message, status: error.status, issues: error.issues };
  return { code: "internal", message: error instanceof Error ? error.name : "internal error", status: 500, issues: [] };
}

export function deserializeError(error: SerializedError): GuttersError {
  return new GuttersError(error.code, error.message, { status: error.status, issues: error.issues });
}
