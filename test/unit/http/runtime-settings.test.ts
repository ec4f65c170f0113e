import { describe, expect, test } from "bun:test";
import { RuntimeSettingsSchema } from "../../../config/runtime.ts";
import { runtimeSettingsSource } from "../../../http/runtime-settings.ts";
import type { ConfigStore } from "../../../store/config-store.ts";

const row = (overrides: Record<string, unknown>) => RuntimeSettingsSchema.parse(overrides);

describe("runtimeSettingsSource", () => {
  test("reads the row at most once per reload interval, takes local writes at once, keeps the last good read on failure", async () => {
    let clock = 0;
    let reads = 0;
    let stored: unknown = row({ rate_limit_requests: 7 });
    const configs = {
      load: async () => {
        reads += 1;
        if (stored instanceof Error) throw stored;
        return { config: stored, version: 1, source: "database" as const };
      },
    } as unknown as Pick<ConfigStore, "load">;
    const source = runtimeSettingsSource(configs, () => clock);
    expect((await source.get()).rate_limit_requests).toBe(7);
    stored = row({ rate_limit_requests: 8 });
    clock = 4_999;
    expect((await source.get()).rate_limit_requests).toBe(7);
    clock = 5_000;
    expect((await source.get()).rate_limit_requests).toBe(8);
    expect(reads).toBe(2);
    source.set(row({ rate_limit_requests: 9 }));
    expect((await source.get()).rate_limit_requests).toBe(9);
    stored = new Error("database down");
    clock = 20_000;
    expect((await source.get()).rate_limit_requests).toBe(9);
  });
});
