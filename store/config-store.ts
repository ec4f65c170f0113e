import type { Db } from "mongodb";
import type { z } from "zod";
import { GuttersError, issuesFromZod, type FieldIssue } from "../core/errors.ts";
import { COLLECTIONS } from "./database.ts";
import type { Leases } from "./leases.ts";

interface ConfigurationRow {
  module_name: string;
  config: unknown;
  is_active: boolean;
  version: number;
  updated_at: Date;
}

export interface LoadedConfig<T> {
  config: T;
  version: number;
  source: "database" | "defaults";
  /** Why the stored row was not used, when it exists but is invalid. */
  error?: { message: string; issues: FieldIssue[] };
}

/** The `system_configurations` collection: one row per module (DESIGN.md §6). */
export class ConfigStore {
  /** @param leases serialise writes of one row, so concurrent writers get distinct versions on every server. */
  constructor(
    private readonly db: Db,
    private readonly leases?: Leases,
  ) {}

  private get rows() {
    return this.db.collection<ConfigurationRow>(COLLECTIONS.configurations);
  }

  /**
   * Loads a module's active config, validated over its defaults. No row → defaults; an invalid row →
   * defaults plus the reason, so the module keeps working and the operator can see what to fix.
   */
  async load<S extends z.ZodObject>(moduleName: string, schema: S): Promise<LoadedConfig<z.output<S>>> {
    const row = await this.rows.findOne({ module_name: moduleName, is_active: true });
    if (row === null) return { config: schema.parse({}), version: 0, source: "defaults" };
    const parsed = schema.safeParse(row.config ?? {});
    if (parsed.success) return { config: parsed.data, version: row.version, source: "database" };
    return {
      config: schema.parse({}),
      version: row.version,
      source: "defaults",
      error: { message: "stored config is invalid; defaults in use", issues: issuesFromZod(parsed.error, ["config"]) },
    };
  }

  /** Validates and stores a new config, bumping the version. Invalid input → 422 and nothing stored. */
  async put<S extends z.ZodObject>(
    moduleName: string,
    schema: S,
    input: unknown,
    now: Date,
  ): Promise<{ module_name: string; version: number; config: z.output<S> }> {
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) {
      throw new GuttersError("invalid_config", `invalid config for ${moduleName}`, {
        status: 422,
        issues: issuesFromZod(parsed.error),
      });
    }
    const write = async (): Promise<number> => {
      const current = await this.rows.findOne({ module_name: moduleName }, { projection: { version: 1 } });
      const version = (current?.version ?? 0) + 1;
      await this.rows.updateOne(
        { module_name: moduleName },
        { $set: { config: parsed.data, is_active: true, updated_at: now, version } },
        { upsert: true },
      );
      return version;
    };
    const version = this.leases ? await this.leases.with(`config:${moduleName}`, write) : await write();
    return { module_name: moduleName, version, config: parsed.data };
  }

  /** Writes defaults for a module unless a row exists; returns whether it wrote. */
  async seed(moduleName: string, defaults: unknown, now: Date): Promise<boolean> {
    const result = await this.rows.updateOne(
      { module_name: moduleName },
      { $setOnInsert: { module_name: moduleName, config: defaults, is_active: true, version: 1, updated_at: now } },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }
}
