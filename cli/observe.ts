import { parseOrThrow } from "../core/errors.ts";
import { ObserveInputSchema, type ObserveOutput, ObserverConfigSchema } from "../modules/intelligence/observer/schemas.ts";
import { latestTime, observeAll } from "../modules/intelligence/observer/service.ts";
import { asCliError } from "./commands.ts";

/**
 * `observe` (DESIGN.md §8, §12): the observer over `{journal, history: {solar, lunar}}` for every person in the
 * journal, with the observer's default config unless a config object is given. The analysis instant is the
 * input's `at`, else its latest time (so a stored dataset gives the same findings on any day), else `now`.
 */
export function observeCommand(input: unknown, configInput: unknown, now: Date): ObserveOutput {
  try {
    const parsed = parseOrThrow(ObserveInputSchema, input, "observe input");
    const config = parseOrThrow(ObserverConfigSchema, configInput ?? {}, "observer config");
    const at = parsed.at !== undefined ? new Date(parsed.at) : (latestTime(parsed) ?? now);
    return observeAll(parsed, at, config);
  } catch (error) {
    throw asCliError(error);
  }
}
