import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema, type RuntimeSettings } from "../config/runtime.ts";
import type { ConfigStore } from "../store/config-store.ts";

export interface RuntimeSettingsSource {
  /** The current settings; re-read from the store at most every `runtime_reload_ms`. */
  get(): Promise<RuntimeSettings>;
  /** Takes settings just written through this node at once, without waiting for the next reload. */
  set(settings: RuntimeSettings): void;
}

/**
 * The `runtime` row as the HTTP layer sees it: limits it enforces per request (rate limits, query limits, SSE
 * buffers) apply as soon as the row changes, on every node within one reload interval. Until the first read
 * and when the store cannot be read, the typed defaults (or the last good read) are used: a limit never lapses.
 */
export function runtimeSettingsSource(configs: Pick<ConfigStore, "load">, clock: () => number = Date.now): RuntimeSettingsSource {
  let current: RuntimeSettings = RuntimeSettingsSchema.parse({});
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<RuntimeSettings> | undefined;
  return {
    get() {
      if (clock() - readAt < current.runtime_reload_ms) return Promise.resolve(current);
      reading ??= configs
        .load(RUNTIME_CONFIG_NAME, RuntimeSettingsSchema)
        .then((loaded) => {
          current = loaded.config;
          return current;
        })
        .catch(() => current)
        .finally(() => {
          readAt = clock();
          reading = undefined;
        });
      return reading;
    },
    set(settings) {
      current = settings;
      readAt = clock();
    },
  };
}
