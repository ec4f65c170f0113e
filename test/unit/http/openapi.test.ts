import { describe, expect, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { registry } from "../../../modules/index.ts";
import { openApiDocument } from "../../../http/openapi.ts";

const document = openApiDocument(registry, "http://127.0.0.1:3000");
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;

/**
 * Every `METHOD /path` of the README's "HTTP API" table, in OpenAPI spelling: `:id` → `{id}`, optional
 * `[/:x]` parts give both routes, `[?…]` query parts are dropped, `lunar|transits|solar` is `{module}`.
 */
function readmeRoutes(readme: string): string[] {
  const section = readme.split("\n## HTTP API")[1]?.split("\n## ")[0] ?? "";
  const routes: string[] = [];
  for (const line of section.split("\n").filter((row) => row.startsWith("| `"))) {
    const cell = line.split(/(?<!\\)\|/)[1] ?? "";
    let pending: string[] = [];
    for (const [, chunk] of cell.matchAll(/`([^`]+)`/g)) {
      const [method, path] = (chunk ?? "").split(" ");
      if (method === undefined || !(METHODS as readonly string[]).includes(method)) continue;
      pending.push(method);
      if (path === undefined) continue;
      const base = path.replace(/\[\?[^\]]*\]/g, "").replace(/\[&[^\]]*\]/g, "").replace(/\?.*$/, "").replaceAll("\\|", "|");
      const variants = base.includes("[") ? [base.replace(/\[[^\]]*\]/g, ""), base.replace(/[[\]]/g, "")] : [base];
      for (const variant of variants) {
        const templated = variant.replace(/:([a-z_]+)/g, "{$1}").replace(/\/[a-z_]+(\|[a-z_]+)+/g, "/{module}");
        for (const each of pending) routes.push(`${each} ${templated}`);
      }
      pending = [];
    }
  }
  return routes;
}

describe("/openapi.json", () => {
  test("passes an OpenAPI 3.1 validator", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("lists every route of the README with its method, and sets servers", async () => {
    const routes = readmeRoutes(await Bun.file(`${import.meta.dir}/../../../README.md`).text());
    // The table has 18 rows; a parser that found nothing would pass the loop below vacuously.
    expect(routes.length).toBeGreaterThan(20);
    const paths = document.paths as Record<string, Record<string, unknown>>;
    const missing = routes.filter((route) => {
      const [method, path] = route.split(" ") as [string, string];
      return paths[path]?.[method.toLowerCase()] === undefined;
    });
    expect(missing).toEqual([]);
    expect(document.servers).toEqual([{ url: "http://127.0.0.1:3000", description: "the node that served this document" }]);
  });

  test("declares every path parameter and an error shape for every route that can fail", () => {
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, { parameters?: { name: string }[]; responses?: Record<string, unknown> }>>)) {
      const declared = new Set(
        [item.parameters as unknown as { name: string }[] | undefined, ...Object.values(item).map((operation) => operation.parameters)]
          .flat()
          .filter((parameter): parameter is { name: string } => parameter !== undefined)
          .map((parameter) => parameter.name),
      );
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) expect(declared.has(name ?? "")).toBe(true);
      if (path.startsWith("/v1/users") || path.startsWith("/v1/calc") || path.startsWith("/v1/config")) {
        for (const [method, operation] of Object.entries(item)) {
          if (method === "parameters") continue;
          expect(Object.keys(operation.responses ?? {}).some((status) => status.startsWith("4"))).toBe(true);
        }
      }
    }
  });
});

test("every operation has a unique operationId", () => {
  const ids = Object.values(document.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => method !== "parameters")
      .map(([, operation]) => operation.operationId),
  );
  expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toContain("getUsersIdProfilesModule");
});
