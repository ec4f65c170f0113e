import type { LoadedConfig } from "../store/config-store.ts";

/**
 * The stored configs of modules this node does not host, reused for `ttlMs` instead of read for every request
 * or synthesis (a node without `themes` read its row once per synthesis). A `config.updated` event drops the
 * module's entry at once; the lifetime only bounds how long a node that missed the event keeps an old config.
 * A failed read is not kept.
 */
export class ConfigCache {
  private readonly entries = new Map<string, { at: number; loaded: Promise<LoadedConfig<Record<string, unknown>>> }>();

  constructor(
    private readonly read: (moduleName: string) => Promise<LoadedConfig<Record<string, unknown>>>,
    private readonly ttlMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(moduleName: string): Promise<LoadedConfig<Record<string, unknown>>> {
    const now = this.clock();
    const cached = this.entries.get(moduleName);
    if (cached !== undefined && now - cached.at < this.ttlMs) return cached.loaded;
    const loaded = this.read(moduleName);
    const entry = { at: now, loaded };
    this.entries.set(moduleName, entry);
    loaded.catch(() => {
      if (this.entries.get(moduleName) === entry) this.entries.delete(moduleName);
    });
    return loaded;
  }

  forget(moduleName: string): void {
    this.entries.delete(moduleName);
  }
}
