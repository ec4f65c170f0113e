import { z } from "zod";
import { GuttersError, issuesFromZod, ValidationError } from "../core/errors.ts";
import { decodeEvent } from "../core/decode.ts";
import { type CloudEvent, makeEvent, RequestActionSchema, type Topics, UserIdSchema } from "../core/events.ts";
import type { Queries } from "../app/queries.ts";
import type { DeadLetterOffice } from "./dead-letter.ts";
import type { EventBus } from "./mqtt-bus.ts";

const ReplyRoutingSchema = z.object({
  // No wildcards, and no control characters: a NUL in a topic name is a protocol error that ends the connection.
  replyto: z.string().min(1).max(500).regex(/^[^#+\u0000-\u001f\u007f]+$/, "a topic without wildcards or control characters"),
  correlationid: z.string().min(1).max(200),
});
const CalcRequestSchema = z.object({ module: z.string().min(1).max(64), birth: z.unknown() });
const ProfileRequestSchema = z.object({ module: z.string().min(1).max(64) });

export interface RequestHandlerDeps {
  bus: EventBus;
  topics: Topics;
  queries: Queries;
  deadLetters: DeadLetterOffice;
  source: string;
  now: () => Date;
  newId: () => string;
}

/**
 * MQTT request/reply (DESIGN.md §5): a CloudEvent on `<root>/requests/<action>` with `replyto` and
 * `correlationid` gets `<action>.reply` or `<action>.error` on `replyto`. A request that cannot even be
 * answered (no valid reply routing) goes to the dead letter instead.
 *
 * Answers go back to the requester only: a request on a person's own topic (`<root>/users/<id>/requests/…`)
 * speaks for that person (its subject, when it has one, is that person) and is answered under
 * `<root>/users/<id>/replies/…`; a request on the shared topic is answered under `<root>/replies/<client>/…`.
 * Otherwise any client could make the node publish wherever it likes (another person's events, presence).
 */
export async function handleRequest(deps: RequestHandlerDeps, topic: string, payload: Uint8Array): Promise<void> {
  let request: CloudEvent;
  let routing: z.infer<typeof ReplyRoutingSchema>;
  try {
    const action = RequestActionSchema.parse(deps.topics.actionOf(topic));
    request = decodeEvent(payload, action);
    const parsed = ReplyRoutingSchema.safeParse(request);
    if (!parsed.success) throw new ValidationError("a request needs replyto and correlationid", issuesFromZod(parsed.error));
    routing = parsed.data;
    checkRequester(deps.topics, topic, request, routing.replyto);
  } catch (error) {
    await deps.deadLetters.send(topic, payload, error instanceof z.ZodError ? new ValidationError(`unknown request action`) : error, deps.now());
    return;
  }
  const reply = (type: string, data: unknown): Promise<void> => {
    const event = makeEvent({
      id: deps.newId(),
      source: deps.source,
      type,
      time: deps.now(),
      data,
      correlationid: routing.correlationid,
      ...(request.subject !== undefined ? { subject: request.subject } : {}),
    });
    return deps.bus.publishEvent(routing.replyto, event);
  };
  try {
    await reply(`${request.type}.reply`, await answer(deps, request));
  } catch (error) {
    const body =
      error instanceof GuttersError ? error.toJSON() : { error: "internal", message: "the request could not be answered" };
    await reply(`${request.type}.error`, body);
  }
}

/** Throws unless the request's subject and reply topic belong to whoever the request topic says sent it. */
function checkRequester(topics: Topics, topic: string, request: CloudEvent, replyto: string): void {
  const owner = topics.userOf(topic);
  if (owner !== undefined) {
    if (!UserIdSchema.safeParse(owner).success) {
      throw new ValidationError("the request topic does not name a user", [{ path: "topic", message: "expected a user id" }]);
    }
    if (request.subject !== undefined && request.subject !== owner) {
      throw new ValidationError("a person's request is about that person only", [{ path: "subject", message: "must be the user id of the topic" }]);
    }
  }
  const replies = owner !== undefined ? `${topics.userReplies(owner)}/` : `${topics.replies("")}`;
  if (!replyto.startsWith(replies) || replyto.length === replies.length) {
    throw new ValidationError("replyto must be a topic under the requester's own replies", [
      { path: "replyto", message: owner !== undefined ? "expected <root>/users/<id>/replies/…" : "expected <root>/replies/<client>/…" },
    ]);
  }
}

async function answer(deps: RequestHandlerDeps, request: CloudEvent): Promise<unknown> {
  const subject = (): string => {
    const parsed = UserIdSchema.safeParse(request.subject);
    if (!parsed.success) throw new ValidationError("subject must be a user id", issuesFromZod(parsed.error, ["subject"]));
    return parsed.data;
  };
  const data = <T>(schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(request.data);
    if (!parsed.success) throw new ValidationError(`invalid data for ${request.type}`, issuesFromZod(parsed.error, ["data"]));
    return parsed.data;
  };
  switch (request.type) {
    case "calc": {
      const { module, birth } = data(CalcRequestSchema);
      return deps.queries.calculate(module, birth, deps.now());
    }
    case "synthesis.get":
      return (await deps.queries.synthesis(subject(), deps.now())).body;
    case "profile.get":
      return deps.queries.profile(subject(), data(ProfileRequestSchema).module);
    default:
      throw new ValidationError(`unknown request action ${request.type}`);
  }
}
