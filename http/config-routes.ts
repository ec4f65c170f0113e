import { Elysia } from "elysia";
import type { z } from "zod";
import type { GuttersNode } from "../actors/node.ts";
import { RUNTIME_CONFIG_NAME, RuntimeSettingsSchema } from "../config/runtime.ts";
import { NotFoundError } from "../core/errors.ts";
import { readJsonBody } from "./body.ts";
import type { RuntimeSettingsSource } from "./runtime-settings.ts";

const NO_BODY = { parse: "none" as const };

/**
 * Config routes (DESIGN.md §7): `GET|PUT|PATCH /v1/config/:module` for each module and for `runtime`, the
 * node limits row. `PUT` replaces (omitted fields take their defaults), `PATCH` merges into the current config;
 * both refuse unknown keys and invalid values with 422 naming the field, and store nothing then.
 */
export function configRoutes({ node, now, runtime }: { node: GuttersNode; now: () => Date; runtime: RuntimeSettingsSource }) {
  const target = (name: string): { name: string; schema: z.ZodObject; runtime: boolean } => {
    if (name === RUNTIME_CONFIG_NAME) return { name, schema: RuntimeSettingsSchema, runtime: true };
    const module = node.registry.get(name);
    if (module === undefined) throw new NotFoundError(`no module named "${name}"`);
    return { name: module.name, schema: module.config, runtime: false };
  };

  /** After a write: a module's actors reload through `config.updated`; the runtime row applies to HTTP limits
   * at once (queue and restart limits of the node at its next start). */
  const announce = async (written: { name: string; runtime: boolean }, version: number, config: unknown): Promise<void> => {
    if (written.runtime) runtime.set(RuntimeSettingsSchema.parse(config));
    else await node.publishConfigUpdated(written.name, version);
  };

  return new Elysia()
    .get("/v1/config/:module", async ({ params }) => {
      const { name, schema } = target(params.module);
      const loaded = await node.configs.load(name, schema);
      return { module_name: name, version: loaded.version, source: loaded.source, config: loaded.config, error: loaded.error ?? null };
    })
    .put(
      "/v1/config/:module",
      async ({ params, request }) => {
        const written = target(params.module);
        const stored = await node.configs.put(written.name, written.schema, await readJsonBody(request), now());
        await announce(written, stored.version, stored.config);
        return stored;
      },
      NO_BODY,
    )
    .patch(
      "/v1/config/:module",
      async ({ params, request }) => {
        const written = target(params.module);
        const stored = await node.configs.patch(written.name, written.schema, await readJsonBody(request), now());
        await announce(written, stored.version, stored.config);
        return stored;
      },
      NO_BODY,
    );
}
