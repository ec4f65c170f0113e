import { dirname, join } from "node:path";
import { Elysia } from "elysia";
import type { GuttersNode } from "../actors/node.ts";
import type { RetainedView } from "../bus/retained-view.ts";
import { NotFoundError } from "../core/errors.ts";

/** The files of each static page, by the name the page asks for; nothing else under these folders is served. */
// Maps, not object literals: a requested name such as "constructor" must not find an inherited property.
const PAGE_FILES = {
  inspect: { dir: join(import.meta.dir, "inspect"), files: new Map([["", "index.html"], ["inspect.js", "inspect.js"], ["inspect.css", "inspect.css"], ["diagram.js", "diagram.js"]]) },
  docs: { dir: join(import.meta.dir, "docs"), files: new Map([["", "index.html"], ["docs.js", "docs.js"]]) },
};

/** The API reference renderer's own files, served from its installed package (the node may have no internet). */
const SWAGGER_DIR = dirname(Bun.resolveSync("swagger-ui-dist/package.json", import.meta.dir));
const SWAGGER_FILES = new Set(["swagger-ui.css", "swagger-ui-bundle.js"]);

const TYPES = new Map([["html", "text/html; charset=utf-8"], ["js", "text/javascript; charset=utf-8"], ["css", "text/css; charset=utf-8"]]);

function fileResponse(path: string): Response {
  const type = TYPES.get(path.slice(path.lastIndexOf(".") + 1)) ?? "application/octet-stream";
  return new Response(Bun.file(path), { headers: { "content-type": type, "cache-control": "no-cache" } });
}

function pageFile(page: keyof typeof PAGE_FILES, name: string): Response | undefined {
  const entry = PAGE_FILES[page];
  const file = entry.files.get(name);
  return file === undefined ? undefined : fileResponse(join(entry.dir, file));
}

/**
 * Pages for people (DESIGN.md §7): `/inspect` (live actor state of every node) and `/docs` (the API reference
 * rendered from `/openapi.json`), both static, plus `GET /v1/nodes`, what this node has seen of every node's
 * retained presence and actor summaries.
 */
export function peopleRoutes({ node, retained }: { node: GuttersNode; retained?: RetainedView }) {
  const notFound = (name: string): never => {
    throw new NotFoundError(`no file "${name}"`);
  };
  return new Elysia()
    .get("/inspect", () => pageFile("inspect", ""))
    .get("/inspect/:file", ({ params }) => pageFile("inspect", params.file) ?? notFound(params.file))
    .get("/docs", () => pageFile("docs", ""))
    .get("/docs/:file", ({ params }) => pageFile("docs", params.file) ?? notFound(params.file))
    .get("/docs/assets/:file", ({ params }) => (SWAGGER_FILES.has(params.file) ? fileResponse(join(SWAGGER_DIR, params.file)) : notFound(params.file)))
    .get("/v1/nodes", () => {
      const self = { id: node.nodeId, actors: node.actorSummaries() };
      return { node: node.nodeId, nodes: retained?.view(self) ?? [{ ...self, presence: "online", seen_at: new Date().toISOString() }] };
    });
}
