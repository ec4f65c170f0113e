import type { EventBus } from "../bus/mqtt-bus.ts";
import type { DeadLetterOffice } from "../bus/dead-letter.ts";
import { handleRequest } from "../bus/request-handler.ts";
import type { Queries } from "../app/queries.ts";
import { decodeEvent } from "../core/decode.ts";
import { GuttersError, ValidationError } from "../core/errors.ts";
import { type CloudEvent, type EventData, type Topics } from "../core/events.ts";
import type { AnyModule } from "../modules/registry.ts";
import type { BirthData } from "../modules/birth-data.ts";
import { generationOfBirthEvent } from "../store/user-generation.ts";
import type { Erasure } from "./erasures.ts";
import type { SupervisorEvent } from "./supervisor.ts";
import { jobKey, type Waiters } from "./waiters.ts";

type Unsubscribe = () => Promise<void>;
type SubscribedType = "user.birth_data.updated" | "user.deleted" | "module.profile.calculated" | "config.updated" | "journal.entry.created";

export interface SubscriptionDeps {
  bus: EventBus;
  topics: Topics;
  queries: Queries;
  deadLetters: DeadLetterOffice;
  /** Sends an unusable payload to the dead letter (never throws). */
  rejectPayload(topic: string, payload: Uint8Array, error: unknown): Promise<void>;
  waiters: Waiters;
  source: string;
  calculations: readonly AnyModule[];
  now: () => Date;
  newId: () => string;
  send(event: SupervisorEvent): void;
  /** Stores a client's birth data as the user's next revision and announces it; resolves once announced. */
  intake(userId: string, birth: BirthData, clientEventId: string, correlationId?: string): Promise<void>;
  /** Removes an erased person's account from a broker that keeps accounts (never throws). */
  revokeAccount(erasure: Erasure): Promise<void>;
  /** Erases a user a person's own `user.deleted` names, and announces the erasure (resolves once stored). */
  erase(userId: string): Promise<void>;
  /**
   * Stores a client's journal entry (a `journal.entry.created` without `stored`) and announces it as stored;
   * given when the node hosts the journal module.
   */
  journal?: (event: CloudEvent & { data: EventData<"journal.entry.created"> }) => Promise<void>;
  /** The node hosts the observer: stored entries make it run for their person. */
  observes?: boolean;
  /**
   * Given when the node refreshes syntheses after sky events (it hosts the themes module): marks the refresh due
   * for the person the `cosmic.*` event names, or for everyone, before the event is acknowledged.
   */
  skyEvent?: (event: CloudEvent) => Promise<void>;
  /** Extra subscriptions (tracking feeds) owned by the node. */
  extra?: Promise<Unsubscribe>[];
}

/** Share-group names: one group per kind of work, so each message is handled by one node of the group. */
export const SHARE_GROUPS = {
  intake: "gutters.intake",
  module: (name: string) => `gutters.module.${name}`,
  synthesis: "gutters.synthesis",
  journal: "gutters.journal",
  requests: "gutters.requests",
} as const;

/**
 * The node's subscriptions. Each handler resolves once the message's effects are stored, and only then is
 * the message acknowledged: birth data from a client is stored and its revision announced; a revision is
 * computed by the module the subscription belongs to; an answer leads to the synthesis check.
 */
export function subscribeNode(deps: SubscriptionDeps): Promise<Unsubscribe[]> {
  const { bus, topics } = deps;
  /**
   * Decodes before handling. Several subscriptions receive the same birth-data message (intake and each
   * module); only the one that `reports` sends an unusable payload to the dead letter, so it is reported once.
   */
  const decoded = <T extends SubscribedType>(
    type: T,
    handle: (event: CloudEvent & { data: EventData<T> }) => Promise<void> | void,
    reports = true,
  ) =>
    async (topic: string, payload: Uint8Array): Promise<void> => {
      let event: CloudEvent;
      try {
        event = decodeEvent(payload, type);
        const owner = topics.userOf(topic);
        if (owner !== undefined && event.subject !== owner) {
          throw new ValidationError("the event's subject is not the user whose topic it was published on", [
            { path: "subject", message: "must be the user id of the topic" },
          ]);
        }
        // Revisions are GUTTERS's to assign, under ids that name the user's generation.
        if (type === "user.birth_data.updated" && event.revision !== undefined && generationOfBirthEvent(event.id) === null) {
          throw new ValidationError("a revision is assigned by GUTTERS: send birth data without one", [
            { path: "revision", message: "must be absent" },
          ]);
        }
        // An answer published on one person's topic cannot speak about another (it would start their synthesis).
        const about = (event.data as { user_id?: unknown }).user_id;
        if (owner !== undefined && about !== undefined && about !== owner) {
          throw new ValidationError("the event is about another user than the one whose topic it was published on", [
            { path: "data.user_id", message: "must be the user id of the topic" },
          ]);
        }
      } catch (error) {
        if (reports) await deps.rejectPayload(topic, payload, error);
        return;
      }
      await handle(event as CloudEvent & { data: EventData<T> });
    };
  const birthTopic = topics.anyUserEvent("user.birth_data.updated");
  const journalTopic = topics.anyUserEvent("journal.entry.created");
  const journal = deps.journal;
  const skyEvent = deps.skyEvent;

  return Promise.all([
    // Client submissions carry no revision; the revisions GUTTERS assigns are the modules' work.
    bus.subscribe(
      birthTopic,
      decoded("user.birth_data.updated", async (event) => {
        if (event.revision !== undefined) return;
        await deps.intake(event.subject as string, event.data, event.id, event.correlationid);
      }),
      { share: SHARE_GROUPS.intake },
    ),
    ...deps.calculations.map((module) =>
      bus.subscribe(
        birthTopic,
        decoded("user.birth_data.updated", async (event) => {
          const userCreatedAt = event.revision === undefined ? null : generationOfBirthEvent(event.id);
          if (userCreatedAt === null) return;
          const done = deps.waiters.wait(jobKey(module.name, event.id));
          deps.send({
            type: "birth_data.updated",
            userId: event.subject as string,
            module: module.name,
            job: {
              userId: event.subject as string,
              eventId: event.id,
              revision: event.revision as number,
              userCreatedAt,
              eventTime: event.time,
              birth: event.data,
              ...(event.correlationid ? { correlationId: event.correlationid } : {}),
            },
          });
          await done;
        }, false),
        { share: SHARE_GROUPS.module(module.name) },
      ),
    ),
    bus.subscribe(
      topics.anyUserEvent("module.profile.calculated"),
      decoded("module.profile.calculated", async (event) => {
        // Only the answer that completed the revision asks for the synthesis; the reconciler covers a lost one.
        if (event.data.complete !== true) return;
        const key = `synthesis\n${event.id}`;
        const done = deps.waiters.wait(key);
        deps.send({ type: "synthesis.due", userId: event.data.user_id, revision: event.data.revision, key });
        await done;
      }),
      { share: SHARE_GROUPS.synthesis },
    ),
    // An erasure GUTTERS announces names the generation it erased. Every node drops that generation's queued
    // work, so this one is not shared.
    bus.subscribe(
      topics.anyUserEvent("user.deleted"),
      decoded("user.deleted", async (event) => {
        if (event.data.user_created_at === undefined) return;
        const erasure: Erasure = { userId: event.subject as string, upTo: new Date(event.data.user_created_at) };
        const key = `erase\n${event.id}`;
        const done = deps.waiters.wait(key);
        deps.send({ type: "user.deleted", ...erasure, key });
        await done;
        await deps.revokeAccount(erasure);
      }),
    ),
    // A person's own erasure names no generation: one node erases whoever holds the id now, and announces it.
    bus.subscribe(
      topics.anyUserEvent("user.deleted"),
      decoded("user.deleted", async (event) => {
        if (event.data.user_created_at !== undefined) return;
        await deps.erase(event.subject as string);
      }, false),
      { share: SHARE_GROUPS.intake },
    ),
    bus.subscribe(
      topics.event("config.updated"),
      decoded("config.updated", (event) => deps.send({ type: "config.updated", moduleName: event.data.module_name })),
    ),
    ...[topics.allRequests, topics.allUserRequests].map((filter) =>
      bus.subscribe(
        filter,
        (topic, payload) =>
          handleRequest(
            { bus, topics, queries: deps.queries, deadLetters: deps.deadLetters, source: deps.source, now: deps.now, newId: deps.newId },
            topic,
            payload,
          ),
        { share: SHARE_GROUPS.requests },
      ),
    ),
    // A client's entry is stored (and announced with `stored`); the stored announcement makes the observer run.
    ...(journal === undefined
      ? []
      : [
          bus.subscribe(
            journalTopic,
            (topic, payload) =>
              decoded("journal.entry.created", async (event) => {
                if (event.stored === true) return;
                try {
                  await journal(event);
                } catch (error) {
                  // An entry that cannot be stored as sent (bad field, unknown person) goes to the dead letter with
                  // the reason; a passing failure (database down) leaves the message for redelivery.
                  if (!(error instanceof GuttersError) || error.status >= 500) throw error;
                  await deps.rejectPayload(topic, payload, error);
                }
              })(topic, payload),
            { share: SHARE_GROUPS.journal },
          ),
        ]),
    ...(deps.observes === true
      ? [
          bus.subscribe(
            journalTopic,
            decoded(
              "journal.entry.created",
              (event) => {
                if (event.stored === true) deps.send({ type: "person.changed", userId: event.subject as string, module: "observer" });
              },
              journal === undefined,
            ),
            { share: SHARE_GROUPS.module("observer") },
          ),
        ]
      : []),
    ...(skyEvent === undefined
      ? []
      : [topics.event("cosmic.#"), topics.anyUserEvent("cosmic.#")].map((filter) =>
          bus.subscribe(
            filter,
            async (topic, payload) => {
              let event: CloudEvent;
              try {
                event = decodeEvent(payload);
                // Only a sky event on its own topic: a person's topic carries events about that person alone.
                if (!event.type.startsWith("cosmic.") || topics.eventTopic(event) !== topic) {
                  throw new ValidationError("not a sky event on its own topic", [{ path: "type", message: `must be the cosmic.* type of topic ${topic}` }]);
                }
              } catch (error) {
                await deps.rejectPayload(topic, payload, error);
                return;
              }
              await skyEvent(event);
              deps.send(
                event.subject === undefined
                  ? { type: "everyone.changed", module: "themes" }
                  : { type: "person.changed", userId: event.subject, module: "themes" },
              );
            },
            { share: SHARE_GROUPS.module("themes") },
          ),
        )),
    ...(deps.extra ?? []),
  ]);
}
