import { topicMatches } from "../bus/topic-match.ts";
import { UserIdSchema } from "../core/events.ts";
import { hasScope, type Principal } from "./schemas.ts";

/** What an MQTT client asks to do with a topic (publish) or a topic filter (subscribe). */
export type MqttAction = "publish" | "subscribe";

/** Who is asking, under which topic root, on which MQTT connection (its client id names its reply topics). */
export interface MqttAccessContext {
  principal: Principal;
  root: string;
  clientId: string;
}

/**
 * The topic filters a principal may subscribe to (a requested filter must lie inside one of them) and publish
 * to (a topic must match one), or `all` for an admin key. One table for both brokers: the embedded broker
 * checks it per packet, the Mosquitto role of a person is written from it.
 */
export type MqttGrants = "all" | { subscribe: readonly string[]; publish: readonly string[] };

/**
 * A client id usable as one topic level: a service's replies live under `<root>/replies/<client id>/`, so an
 * id with `/`, `+`, `#` or a leading `$` could name (or match) another client's replies.
 */
const REPLY_CLIENT_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.:@-]{0,127}$/;

/** Request actions and the scope each needs (DESIGN.md §5): `calc` computes, the others read a person's data. */
const REQUEST_SCOPES = { calc: "calc", "synthesis.get": "users:read", "profile.get": "users:read" } as const;

/** Event types a person (or a service writing for people) may publish: `user.*` and `journal.*`. */
const PERSON_EVENT_PATHS = ["user/#", "journal/#"] as const;

/** The access table of DESIGN.md §11 for one principal (README "MQTT access" shows it). */
export function mqttGrants(context: MqttAccessContext): MqttGrants {
  const { principal, root, clientId } = context;
  if (principal.kind === "person") {
    if (!UserIdSchema.safeParse(principal.userId).success) return { subscribe: [], publish: [] };
    const own = `${root}/users/${principal.userId}`;
    return {
      subscribe: [`${own}/#`, `${root}/events/#`, `${root}/tracking/#`],
      // A person publishes what a person says (their birth data, their erasure, their journal) and requests;
      // never the node's outputs (profiles, syntheses, findings) nor replies its other devices would take for
      // the node's answers.
      publish: PERSON_EVENT_PATHS.map((path) => `${own}/events/${path}`).concat(`${own}/requests/#`),
    };
  }
  if (hasScope(principal, "admin")) return "all";
  const subscribe: string[] = [];
  const publish: string[] = [];
  if (hasScope(principal, "events:read")) subscribe.push(`${root}/#`);
  if (hasScope(principal, "users:read")) subscribe.push(`${root}/users/+/events/#`);
  if (hasScope(principal, "users:write")) publish.push(...PERSON_EVENT_PATHS.map((path) => `${root}/users/+/events/${path}`));
  for (const [action, scope] of Object.entries(REQUEST_SCOPES)) {
    if (hasScope(principal, scope)) publish.push(`${root}/requests/${action}`);
  }
  if (publish.some((filter) => filter.startsWith(`${root}/requests/`)) && REPLY_CLIENT_ID.test(clientId)) {
    subscribe.push(`${root}/replies/${clientId}/#`);
  }
  return { subscribe, publish };
}

/** Whether a principal may publish to `topic` or subscribe to `filter` (`$share/<group>/<filter>` included). */
export function mqttAllows(context: MqttAccessContext, action: MqttAction, topicOrFilter: string): boolean {
  const grants = mqttGrants(context);
  if (action === "publish") {
    if (!validTopic(topicOrFilter)) return false;
    if (grants === "all") return true;
    return !hasDotLevel(topicOrFilter) && grants.publish.some((allowed) => topicMatches(allowed, topicOrFilter));
  }
  // A person's app has no work to share with other consumers; Mosquitto's ACLs refuse it too.
  if (context.principal.kind === "person" && topicOrFilter.startsWith("$share/")) return false;
  const filter = unshared(topicOrFilter);
  if (filter === undefined || !validFilter(filter)) return false;
  if (grants === "all") return true;
  return !hasDotLevel(filter) && grants.subscribe.some((allowed) => filterWithin(filter, allowed));
}

/** The filter of a shared subscription (`$share/<group>/<filter>`), the filter itself otherwise, or undefined when malformed. */
export function unshared(filter: string): string | undefined {
  if (!filter.startsWith("$share/")) return filter;
  const rest = filter.slice("$share/".length);
  const slash = rest.indexOf("/");
  const group = slash < 0 ? rest : rest.slice(0, slash);
  if (slash < 0 || group.length === 0 || /[+#]/.test(group)) return undefined;
  const inner = rest.slice(slash + 1);
  return inner.length === 0 ? undefined : inner;
}

/** A topic name a client may publish to (MQTT 3.1.1 §4.7.3): not empty, no wildcards, no NUL. */
function validTopic(topic: string): boolean {
  return topic.length > 0 && !/[+#\u0000]/.test(topic);
}

/** A topic filter (MQTT 3.1.1 §4.7.1): `#` only as the whole last level, `+` only as a whole level. */
function validFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes("\u0000")) return false;
  const levels = filter.split("/");
  return levels.every(
    (level, index) =>
      (level === "#" && index === levels.length - 1) || level === "+" || (!level.includes("#") && !level.includes("+")),
  );
}

/**
 * `.` and `..` are plain levels to MQTT, but a bridge or a consumer that maps topics to paths could resolve them
 * out of the subtree they appear in; no GUTTERS topic has them, so they are refused.
 */
function hasDotLevel(topic: string): boolean {
  return topic.split("/").some((level) => level === "." || level === "..");
}

/**
 * Whether every topic `filter` can match is also matched by `allowed`: level by level, a literal fits a
 * literal or `+`, `+` fits only `+`, and anything (even `#`) fits under a `#` of `allowed`. `a/#` also matches
 * `a` itself, so `a` lies inside `a/#`.
 */
export function filterWithin(filter: string, allowed: string): boolean {
  const inner = filter.split("/");
  const outer = allowed.split("/");
  for (let index = 0; index < outer.length; index++) {
    const bound = outer[index];
    if (bound === "#") return true;
    if (index >= inner.length) return false;
    const level = inner[index];
    if (level === "#") return false;
    if (bound === "+") continue;
    if (level !== bound) return false;
  }
  return inner.length === outer.length;
}
