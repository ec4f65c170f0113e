import { z } from "zod";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { HypothesisEventSchema } from "../modules/intelligence/hypotheses/schemas.ts";
import { CosmicContextSchema, JournalEntryInputSchema } from "../modules/intelligence/journal/schemas.ts";
import { FindingSchema } from "../modules/intelligence/observer/schemas.ts";

/** A user id: a string the client chooses or the API returns; never `$`-prefixed, never a path. */
export const UserIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, "1–128 letters, digits or _ . : @ -, starting with a letter or digit");

/** CloudEvents 1.0, JSON structured mode, with the extensions GUTTERS uses (DESIGN.md §5). */
export const CloudEventSchema = z
  .looseObject({
    specversion: z.literal("1.0"),
    id: z.string().min(1).max(200),
    source: z.string().min(1).max(500),
    // Events are `scope.entity.action`; request actions such as `calc` may be a single word.
    type: z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/, "expected scope.entity.action"),
    time: z.iso.datetime({ offset: true }),
    subject: z.string().min(1).max(200).optional(),
    datacontenttype: z.literal("application/json").default("application/json"),
    data: z.unknown(),
    correlationid: z.string().min(1).max(200).optional(),
    traceid: z.string().min(1).max(200).optional(),
    replyto: z.string().min(1).max(500).optional(),
    /** Set by GUTTERS on birth-data events it has stored: the user's server-assigned revision. */
    revision: z.number().int().min(1).optional(),
    /** Set by GUTTERS on a journal entry it has stored (with its context); a client's entry has none. */
    stored: z.boolean().optional(),
  });
export type CloudEvent = z.infer<typeof CloudEventSchema>;

export const ProfileCalculatedSchema = z.object({
  module: z.string(),
  user_id: UserIdSchema,
  source_event_id: z.string(),
  revision: z.number().int().min(1),
  status: z.enum(["ok", "error"]),
  /** Every module has answered this revision: the synthesis can be written. */
  complete: z.boolean().optional(),
});

export const ModuleErrorSchema = z.object({
  module: z.string(),
  user_id: UserIdSchema.optional(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const ConfigUpdatedSchema = z.object({ module_name: z.string(), version: z.number().int() });

export const SynthesisGeneratedSchema = z.object({
  user_id: UserIdSchema,
  source_event_id: z.string(),
  revision: z.number().int().min(1),
  modules: z.array(z.string()),
});

/**
 * The one map of event types to their data schemas. A type not listed here is not published by GUTTERS;
 * incoming events of these types are validated against their schema before any handler sees them.
 */
export const EVENT_DATA = {
  "user.birth_data.updated": BirthDataSchema,
  // Announced by GUTTERS with the erased user's creation time (its generation); a person's own request has none.
  "user.deleted": z.object({ user_created_at: z.iso.datetime({ offset: true }).optional() }).loose(),
  "module.profile.calculated": ProfileCalculatedSchema,
  "module.error": ModuleErrorSchema,
  "config.updated": ConfigUpdatedSchema,
  "synthesis.profile.generated": SynthesisGeneratedSchema,
  // A client's entry, or (with `stored`) the entry as GUTTERS stored it, with its id, person and context.
  "journal.entry.created": JournalEntryInputSchema.extend({ user_id: UserIdSchema.optional(), context: CosmicContextSchema.optional() }).strict(),
  "observer.finding.detected": FindingSchema,
  "observer.finding.updated": FindingSchema,
  "hypothesis.created": HypothesisEventSchema.shape.data,
  "hypothesis.updated": HypothesisEventSchema.shape.data,
  "hypothesis.status.changed": HypothesisEventSchema.shape.data,
} as const;
export type EventType = keyof typeof EVENT_DATA;
export type EventData<T extends EventType> = z.output<(typeof EVENT_DATA)[T]>;

/** Event types whose `subject` must be a user id. */
export const USER_SUBJECT_EVENTS: ReadonlySet<string> = new Set(["user.birth_data.updated", "user.deleted", "journal.entry.created"]);

/** Request actions MQTT clients may send (DESIGN.md §5). */
export const RequestActionSchema = z.enum(["calc", "synthesis.get", "profile.get"]);
export type RequestAction = z.infer<typeof RequestActionSchema>;

/**
 * Every topic GUTTERS uses, from one root; no topic string is built anywhere else. An event about one
 * person (it has a `subject`) goes under that person's subtree, so a broker's ACL can keep it to them and
 * to trusted services (DESIGN.md §5); every other event goes under `events/`.
 */
export function topicsFor(root: string) {
  const path = (type: string): string => type.replaceAll(".", "/");
  const userRoot = (userId: string): string => `${root}/users/${userId}`;
  return {
    /** The topic of an event without subject (`cosmic.*`, `config.updated`). */
    event: (type: string) => `${root}/events/${path(type)}`,
    /** The topic of an event about one person. */
    userEvent: (userId: string, type: string) => `${userRoot(userId)}/events/${path(type)}`,
    /** Where an envelope goes: its subject's subtree when it has one. */
    eventTopic: (event: Pick<CloudEvent, "type" | "subject">): string =>
      event.subject !== undefined ? `${userRoot(event.subject)}/events/${path(event.type)}` : `${root}/events/${path(event.type)}`,
    /** Every person's events of one type (the filter nodes subscribe to). */
    anyUserEvent: (type: string) => `${root}/users/+/events/${path(type)}`,
    allEvents: `${root}/events/#`,
    userTree: (userId: string) => `${userRoot(userId)}/#`,
    request: (action: string) => `${root}/requests/${action}`,
    userRequest: (userId: string, action: string) => `${userRoot(userId)}/requests/${action}`,
    allRequests: `${root}/requests/#`,
    allUserRequests: `${root}/users/+/requests/#`,
    /** Where answers to requests on the shared request topics go: under one client's subtree. */
    replies: (client: string) => `${root}/replies/${client}`,
    /** Where answers to one person's own requests go. */
    userReplies: (userId: string) => `${userRoot(userId)}/replies`,
    deadLetter: `${root}/dead-letter`,
    node: (nodeId: string) => `${root}/nodes/${nodeId}`,
    actor: (nodeId: string, actorId: string) => `${root}/actors/${nodeId}/${actorId}`,
    /** Every node's presence and every actor summary (the inspection view's filters). */
    allNodes: `${root}/nodes/+`,
    allActors: `${root}/actors/+/+`,
    /** The node (and actor) a presence or actor-summary topic is about, or undefined. */
    retainedStateOf: (topic: string): { node: string; actor?: string } | undefined => {
      const levels = topic.startsWith(`${root}/`) ? topic.slice(root.length + 1).split("/") : [];
      if (levels[0] === "nodes" && levels.length === 2 && levels[1]) return { node: levels[1] };
      if (levels[0] === "actors" && levels.length === 3 && levels[1] && levels[2]) return { node: levels[1], actor: levels[2] };
      return undefined;
    },
    trackingCurrent: (module: string) => `${root}/tracking/${module}/current`,
    /** Where an external feeder publishes a solar product (`kp_1m`, `kp_3h`, `xray`, `mag`, `wind`). */
    solarFeed: (product: string) => `${root}/feeds/solar/${product}`,
    solarFeeds: `${root}/feeds/solar/+`,
    /** The user whose subtree a topic is in, or undefined. */
    userOf: (topic: string): string | undefined =>
      topic.startsWith(`${root}/users/`) ? topic.slice(root.length + "/users/".length).split("/")[0] : undefined,
    /** The action named by a request topic, or undefined when the topic is not a request. */
    actionOf: (topic: string): string | undefined => {
      if (topic.startsWith(`${root}/requests/`)) return topic.slice(root.length + "/requests/".length);
      const levels = topic.slice(root.length + 1).split("/");
      if (topic.startsWith(`${root}/users/`) && levels[2] === "requests" && levels.length > 3) return levels.slice(3).join("/");
      return undefined;
    },
  };
}
export type Topics = ReturnType<typeof topicsFor>;

/** Builds an envelope; ids and time are arguments so callers decide them (tests inject both). */
export function makeEvent(fields: {
  id: string;
  source: string;
  type: string;
  time: Date;
  data: unknown;
  subject?: string;
  correlationid?: string;
  traceid?: string;
  revision?: number;
}): CloudEvent {
  const event: CloudEvent = {
    specversion: "1.0",
    id: fields.id,
    source: fields.source,
    type: fields.type,
    time: fields.time.toISOString(),
    datacontenttype: "application/json",
    data: fields.data,
  };
  if (fields.subject !== undefined) event.subject = fields.subject;
  if (fields.correlationid !== undefined) event.correlationid = fields.correlationid;
  if (fields.traceid !== undefined) event.traceid = fields.traceid;
  if (fields.revision !== undefined) event.revision = fields.revision;
  return event;
}
