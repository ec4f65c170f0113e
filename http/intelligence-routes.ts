import { Elysia } from "elysia";
import { z } from "zod";
import type { GuttersNode } from "../actors/node.ts";
import { NotFoundError, parseOrThrow, ValidationError } from "../core/errors.ts";
import { UserIdSchema } from "../core/events.ts";
import { parseInstant } from "../core/instant.ts";
import { MAX_JOURNAL_PAGE } from "../store/intelligence-store.ts";
import { readJsonBody } from "./body.ts";

const NO_BODY = { parse: "none" as const };
const DEFAULT_JOURNAL_PAGE = 20;

const LimitSchema = z.coerce.number().int().min(1).max(MAX_JOURNAL_PAGE);
/** `holding`: findings the person's latest observer run still detected; `lapsed`: those it no longer did. */
const FindingStatusSchema = z.enum(["holding", "lapsed"]);
/** A `next` cursor as a page returns it: the last entry's `<time>|<id>`. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|.{1,128}$/;

/** `before`: an ISO instant (entries strictly before it) or the `next` cursor of the previous page. */
function parseBefore(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (CURSOR.test(value)) {
    parseInstant(value.slice(0, value.indexOf("|")), "before");
    return value;
  }
  return parseInstant(value, "before")?.toISOString();
}

/**
 * A person's journal, observer findings and hypotheses (DESIGN.md §12), all under `/v1/users/:id/…` so that an
 * access policy for a person's own data covers them. Journal text is returned to these routes only; it is never
 * logged.
 */
export function intelligenceRoutes({ node }: { node: GuttersNode }) {
  const { store, insight } = node.intelligence;
  const userId = (params: { id: string }): string => parseOrThrow(UserIdSchema, params.id, "user id", { prefix: ["id"] });
  const existingUser = async (params: { id: string }): Promise<string> => {
    const id = userId(params);
    if (!(await node.users.userExists(id))) throw new NotFoundError(`no user with id "${id}"`);
    return id;
  };

  return new Elysia()
    .post(
      "/v1/users/:id/journal",
      async ({ params, request, set }) => {
        const id = userId(params);
        const stored = await node.intelligence.submitJournalEntry(id, await readJsonBody(request));
        set.status = stored.created ? 201 : 200;
        return stored.entry;
      },
      NO_BODY,
    )
    .get("/v1/users/:id/journal", async ({ params, query }) => {
      const id = await existingUser(params);
      const limit = query.limit === undefined ? DEFAULT_JOURNAL_PAGE : parseOrThrow(LimitSchema, query.limit, "limit", { prefix: ["limit"] });
      const before = parseBefore(query.before);
      const page = await store.journalPage(id, limit, before);
      return { user_id: id, limit, entries: page.entries, next: page.next };
    })
    .get("/v1/users/:id/findings", async ({ params, query }) => {
      const id = await existingUser(params);
      const status = query.status === undefined ? undefined : parseOrThrow(FindingStatusSchema, query.status, "status", { prefix: ["status"] });
      const findings = await store.findingsOf(id);
      return { user_id: id, findings: status === undefined ? findings : findings.filter((finding) => (finding.lapsed_at === undefined) === (status === "holding")) };
    })
    .get("/v1/users/:id/hypotheses", async ({ params }) => {
      const id = await existingUser(params);
      return { user_id: id, hypotheses: await store.hypothesesOf(id) };
    })
    .post(
      "/v1/users/:id/hypotheses/:hid/feedback",
      async ({ params, request }) => {
        const id = userId(params);
        if (params.hid.length > 200) throw new ValidationError("invalid hypothesis id", [{ path: "hid", message: "at most 200 characters" }]);
        return insight.feedback(id, params.hid, await readJsonBody(request));
      },
      NO_BODY,
    );
}
