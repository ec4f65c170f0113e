import { createTrackingQueries, parseInstant } from "../app/tracking-queries.ts";
import { configDefaults, type TrackedUser } from "../modules/contract.ts";
import type { Registry } from "../modules/registry.ts";
import { trackedUserFromProfile } from "../modules/tracked-user.ts";
import { asCliError, CliError, calcCommand } from "./commands.ts";

/** The same bound as `GET /v1/tracking/upcoming?days=`. */
const MAX_DAYS = 366;

export interface TrackOptions {
  at?: string;
  days?: string;
  /** Birth data of the user whose natal chart the snapshot or the upcoming events refer to. */
  user?: unknown;
}

/** The natal points of birth data, through the astrology module with its defaults. */
export function trackedUserFromBirth(registry: Registry, birth: unknown, now: Date): TrackedUser {
  const chart = calcCommand(registry, "astrology", birth, undefined, now);
  return trackedUserFromProfile({
    user_id: "cli",
    data: chart.data as Parameters<typeof trackedUserFromProfile>[0]["data"],
    metadata: { accuracy: chart.metadata.accuracy },
  });
}

/**
 * `track <module>` and `track upcoming` (DESIGN.md §8): a snapshot or the upcoming events for an instant,
 * computed with the modules' default config and no services.
 */
export async function trackCommand(registry: Registry, target: string, options: TrackOptions, now: Date): Promise<unknown> {
  const queries = createTrackingQueries({
    registry,
    configOf: async (module) => ({ config: configDefaults(module), version: 0 }),
    observeLive: true,
  });
  try {
    const at = parseInstant(options.at, "--at");
    const user = options.user !== undefined ? trackedUserFromBirth(registry, options.user, now) : undefined;
    if (target === "upcoming") {
      const days = options.days === undefined ? 7 : Number(options.days);
      if (!Number.isFinite(days) || days <= 0 || days > MAX_DAYS) throw new CliError(`--days must be a number above 0 and at most ${MAX_DAYS}`, 2);
      return await queries.upcoming(at ?? now, days, user);
    }
    if (options.days !== undefined) throw new CliError("--days applies to `track upcoming` only", 2);
    return await queries.snapshot(target, at, now, user);
  } catch (error) {
    throw asCliError(error);
  }
}
