import { GuttersError } from "../core/errors.ts";
import { parseOrThrow } from "../core/errors.ts";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { type CalculationModule, configDefaults, type ModuleOutput } from "../modules/contract.ts";
import type { Registry } from "../modules/registry.ts";
import { runCalculation } from "../modules/run-calculation.ts";
import { unknownName } from "./suggest.ts";

/** A CLI failure with its exit code: 2 for bad input or usage, 1 for anything else. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Parses a JSON text, naming where it came from when it is not JSON. */
export function parseJsonInput(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${origin} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

/**
 * `calc <module>`: the module output for birth data, with the module's default config unless a config
 * object is given (the CLI is stateless and needs no database).
 */
export function calcCommand(registry: Registry, moduleName: string, input: unknown, configInput: unknown, now: Date): ModuleOutput {
  const module = calculationModuleNamed(registry, moduleName);
  try {
    const birth = parseOrThrow(BirthDataSchema, input, "birth data");
    const config = configInput === undefined ? configDefaults(module) : parseOrThrow(module.config, configInput, "config");
    return runCalculation(module, birth, config, 0, now);
  } catch (error) {
    throw asCliError(error);
  }
}

/** A calculation module by name; an unknown name exits 2, suggesting the module meant and listing them all. */
export function calculationModuleNamed(registry: Registry, name: string): CalculationModule {
  const module = registry.calculationModules().find((candidate) => candidate.name === name);
  if (module === undefined) throw new CliError(unknownName("calculation module", name, registry.calculationModules().map((candidate) => candidate.name)), 2);
  return module;
}

/** Input errors (4xx) become exit code 2 with every field issue on its own line; others pass unchanged. */
export function asCliError(error: unknown): unknown {
  if (error instanceof GuttersError && error.status < 500) {
    const details = error.issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("");
    return new CliError(`${error.message}${details}`, 2);
  }
  return error;
}
