import type { Db } from "mongodb";
import type { z } from "zod";
import { GuttersError, issuesFromZod, type FieldIssue } from "../core/errors.ts";
import { mergeConfig, unknownKeys } from "./config-merge.ts";
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

function changedMeanwhile(moduleName: string): GuttersError {
  return new GuttersError("config_conflict", `the config of ${moduleName} changed meanwhile; read it and retry`, { status: 409, retryable: true });
}

/** The `system_configurations` collection: one row per module (DESIGN.md §6). */
export class ConfigStore {
  /** The last PATCH of each config on this node: the next one waits for it (see `patch`). */
  private readonly patching = new Map<string, Promise<unknown>>();

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

  /**
   * Validates and stores a new config, bumping the version. Invalid input or an unknown key at any depth → 422
   * naming the field, and nothing stored.
   */
  async put<S extends z.ZodObject>(
    moduleName: string,
    schema: S,
    input: unknown,
    now: Date,
    /** Store only over this version (0: only when there is no row yet); another version → 409, nothing stored. */
    expectedVersion?: number,
  ): Promise<{ module_name: string; version: number; config: z.output<S> }> {
    const parsed = schema.safeParse(input ?? {});
    const issues = parsed.success ? unknownKeys(input ?? {}, parsed.data) : issuesFromZod(parsed.error);
    if (!parsed.success || issues.length > 0) {
      const first = issues[0];
      throw new GuttersError("invalid_config", `invalid config for ${moduleName}${first ? ` (${first.path}: ${first.message})` : ""}`, {
        status: 422,
        issues,
      });
    }
    const write = async (): Promise<number> => {
      const current = await this.rows.findOne({ module_name: moduleName }, { projection: { version: 1 } });
      const currentVersion = current?.version ?? 0;
      if (expectedVersion !== undefined && currentVersion !== expectedVersion) throw changedMeanwhile(moduleName);
      const version = currentVersion + 1;
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

  /**
   * Merges a partial config into the current one (the stored row, or the defaults when there is none or it is
   * invalid) and stores the result as `put` does. The patch must be an object.
   */
  async patch<S extends z.ZodObject>(
    moduleName: string,
    schema: S,
    patch: unknown,
    now: Date,
  ): Promise<{ module_name: string; version: number; config: z.output<S> }> {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      throw new GuttersError("invalid_config", `invalid config for ${moduleName} ((root): expected an object)`, {
        status: 422,
        issues: [{ path: "(root)", message: "expected an object" }],
      });
    }
    // Merged over what was read and stored only over that version (checked under the row's lease), so two
    // PATCHes at once never lose one silently: across nodes the later one is refused (409); on one node
    // PATCHes of a config are taken one after the other.
    const previous = this.patching.get(moduleName) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const current = await this.load(moduleName, schema);
        return this.put(moduleName, schema, mergeConfig(current.config, patch), now, current.version);
      });
    this.patching.set(moduleName, next);
    try {
      return await next;
    } finally {
      if (this.patching.get(moduleName) === next) this.patching.delete(moduleName);
    }
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
