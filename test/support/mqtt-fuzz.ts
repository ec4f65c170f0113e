/**
 * A seeded generator of malformed MQTT messages for the fuzz test (issue 9 §6), on every topic a node consumes:
 * a person's birth data and erasure, module answers, config changes, requests (shared and a person's own),
 * solar feeds and the retained presence and actor summaries. Each message carries what the node must do with
 * it, decided by construction: every message is invalid in at least one way the node's schemas define.
 * A bad user id with `+`, `#` or NUL cannot be a topic level (MQTT forbids them in a published topic name, and
 * the broker would drop the connection), so those go in `subject` and `replyto`; one with `/` is a topic the
 * node does not subscribe to. The same seed always gives the same messages, so a failure can be replayed.
 */
import { MAX_PAYLOAD_BYTES } from "../../core/decode.ts";
import { topicsFor, type Topics } from "../../core/events.ts";
import { FeedLimitsSchema, SOLAR_PRODUCTS, type SolarProduct } from "../../modules/tracking/solar/schemas.ts";
import { binary, BIRTH_FIELDS, type Draw, draw, nestedArrays, nestedObjects, NOT_JSON, OPERATORS } from "./fuzz-values.ts";

/** What the node must do with a message. */
export type Expected =
  /** Refuse it: exactly one dead letter naming its topic, size and SHA-256. */
  | { kind: "dead-letter" }
  /** A request it can route but not answer: one `<action>.error` reply on `replyto`, no dead letter. */
  | { kind: "error-reply"; correlationid: string; replyto: string }
  /** Nothing observable: a topic no subscription of the node matches, or the inspection view, which drops
   * what it cannot read (bus/retained-view.ts). */
  | { kind: "silent" };

export interface FuzzMessage {
  category: string;
  topic: string;
  payload: Uint8Array<ArrayBuffer>;
  expected: Expected;
}

/** Placed in the payloads' values: no dead letter or error reply may contain it. */
export const CANARY = "Cnry7Ulm";

/** Largest solar feed payload a node accepts (the solar config's default). */
export const FEED_MAX_BYTES = FeedLimitsSchema.parse({}).max_bytes;

const DEAD: Expected = { kind: "dead-letter" };
const SILENT: Expected = { kind: "silent" };
/** Stands for raw JSON text (`1e400`, a 5 000-deep document) that `JSON.stringify` cannot write. */
const RAW = "@@raw@@";
const encoder = new TextEncoder();

/** User ids that are not ids (core/events.ts UserIdSchema) and can stand as one topic level: no `/ + # \0`. */
const BAD_TOPIC_IDS = ["$where", "$gt", "..", ".", "-1", "_x", "𝕏🙂", "\u202e", "x".repeat(129), "%2e%2e", "__proto__", " a", "a b", ""];
/** Bad user ids for a `subject`, where `/ + #` fit too. */
const BAD_SUBJECTS = [...BAD_TOPIC_IDS, "a/b", "../x", "+", "#", "a/+/b", "$SYS/x", "a\u0000b", "\ud800x"];

/** Values of a type no field expects where it is used (numbers are added per field, where they are invalid). */
const WRONG_TYPES: readonly unknown[] = [null, true, [], [[[]]], ...OPERATORS];
const RAW_NUMBERS = ["1e400", "-1e400", "123456789012345678901234567890e10"];

/** Invalid values per envelope field (core/events.ts CloudEventSchema); never valid for that field. */
const BAD_ENVELOPE: Record<string, readonly unknown[]> = {
  specversion: ["1.1", "", "1.0 ", 1, ...WRONG_TYPES],
  id: ["", "x".repeat(201), 1, ...WRONG_TYPES],
  source: ["", "x".repeat(501), 2, ...WRONG_TYPES],
  type: ["", "User.Birth", "user..x", "1abc", "$where", "user.birth_data.updated ", "𝕏", 3, ...WRONG_TYPES],
  time: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-12-02", "2026-12-02T00:00:00", 1733097600, ...WRONG_TYPES],
  datacontenttype: ["text/plain", "", "application/json; charset=utf-8", 1, ...WRONG_TYPES],
  correlationid: ["", "x".repeat(201), 1, ...WRONG_TYPES],
  traceid: ["", "x".repeat(201), 1, ...WRONG_TYPES],
  revision: [0, -1, 1.5, "1", RAW, ...WRONG_TYPES],
};
const REQUIRED_ENVELOPE = ["specversion", "id", "source", "type", "time"];

/** Invalid values per birth field (modules/birth-data.ts); never valid for that field. */
const STRING_FIELD_WRONG_TYPES: readonly unknown[] = [0, -1, 1e308, ...WRONG_TYPES];
const BAD_BIRTH: Record<(typeof BIRTH_FIELDS)[number], readonly unknown[]> = {
  name: ["", "   ", "x".repeat(201), `${CANARY}\u0000`, "\u0007bell", ...STRING_FIELD_WRONG_TYPES],
  date: ["9999-12-31", "0000-00-00", "1879-02-30", "1499-12-31", "1879-03-14T11:30", "14/03/1879", "", "$gt", "𝕏🙂", ...STRING_FIELD_WRONG_TYPES],
  time: ["25:00", "11:60", "1130", "11:30 PM", "", "$where", ...STRING_FIELD_WRONG_TYPES],
  timezone: ["Mars/Olympus", "", "x".repeat(65), "$gt", "Europe/../../etc/passwd", ...STRING_FIELD_WRONG_TYPES],
  utc_offset: ["+15:00", "0100", "+1:00", "Z", "", ...STRING_FIELD_WRONG_TYPES],
  place: ["x".repeat(201), `${CANARY}\u0000`, "\u001b[31m", ...STRING_FIELD_WRONG_TYPES],
  calendar: ["hebrew", "", "GREGORIAN", ...STRING_FIELD_WRONG_TYPES],
  latitude: ["48", "", 91, -90.0001, 1e308, RAW, ...WRONG_TYPES],
  longitude: ["9", "", 181, -180.5, -1e308, RAW, ...WRONG_TYPES],
};

const BAD_ACTIONS = ["$where", "..", "calc/extra", "CALC", "calc.reply", "synthesis", "𝕏🙂", "x".repeat(100), "profile.get/x", "$share"];
const ACTIONS = ["calc", "synthesis.get", "profile.get"] as const;
const BAD_PRODUCTS = ["$where", "..", "KP_1M", "kp_1m ", "𝕏", "x".repeat(100), "kp", "", "__proto__"];

/** One valid row per product in NOAA SWPC's shape (tracking-cases.json), at a fixed instant. */
const VALID_ROW: Record<SolarProduct, Record<string, unknown>> = {
  kp_1m: { time_tag: "2026-12-01T00:00:00", kp_index: 3, estimated_kp: 3.33 },
  kp_3h: { time_tag: "2026-12-01 00:00:00.000", Kp: 2.67, observed: "observed", noaa_scale: null },
  xray: { time_tag: "2026-12-01T00:00:00Z", satellite: 18, flux: 1e-6, energy: "0.1-0.8nm" },
  mag: { time_tag: "2026-12-01T00:00:00", bx_gsm: 1, by_gsm: -2, bz_gsm: -3, bt: 4, active: true },
  wind: { time_tag: "2026-12-01T00:00:00", proton_speed: 400, proton_density: 5, proton_temperature: 1e5, active: true },
};
/** Physically impossible or unreadable values per product (modules/tracking/solar: kp.ts, xray.ts, wind.ts). */
const IMPOSSIBLE: Record<SolarProduct, readonly [string, unknown][]> = {
  kp_1m: [["kp_index", 99], ["estimated_kp", -1], ["kp_index", "99"], ["estimated_kp", RAW]],
  kp_3h: [["Kp", 99], ["Kp", -0.5], ["kp", 10]],
  xray: [["flux", 5], ["flux", RAW], ["energy", 7], ["flux", "1e9"]],
  mag: [["bz_gsm", -5000], ["bt", -1], ["bx_gsm", RAW]],
  wind: [["proton_speed", 1e9], ["proton_density", -5], ["proton_temperature", 1e12]],
};
const BAD_TIME_TAGS: readonly unknown[] = ["9999-01-01T00:00:00", "1066-10-14T00:00:00", "", "yesterday", 5, null, ...OPERATORS];
const BAD_FEED_SHAPES = ["[]", "{}", "[[]]", "[1,2]", '"x"', "null", "true", '[["time_tag","kp_index"]]', '{"data":[]}', "[{}]", "[null]", '[{"$where":"1"}]'];

/** Yields the messages one at a time: a list of them (oversize payloads included) would weigh tens of MiB. */
export function* fuzzMessages(seed: number, count: number, root: string): Generator<FuzzMessage> {
  const d = draw(seed);
  const topics = topicsFor(root);
  for (let index = 0; index < count; index += 1) yield message(d, topics, `fz${seed}x${index}`);
}

type Category = [weight: number, make: (d: Draw, topics: Topics, id: string) => FuzzMessage];

const CATEGORIES: Category[] = [
  [6, (d, t, id) => dead("event.not_json", pickEventTopic(d, t, id), d.pick(NOT_JSON))],
  [5, (d, t, id) => dead("event.binary", pickEventTopic(d, t, id), binary(d, 2048))],
  [2, (d, t, id) => dead("event.oversize", pickEventTopic(d, t, id), JSON.stringify({ ...birthEvent(id), data: { ...birthData(), place: "x".repeat(MAX_PAYLOAD_BYTES + d.int(1, 40_000)) } }))],
  [3, (d, t, id) => dead("event.deep_nesting", pickEventTopic(d, t, id), d.random() < 0.5 ? nestedArrays(d.int(1000, 60_000)) : nestedObjects(d.int(1000, 10_000)))],
  [4, (d, t, id) => dead("event.not_an_object", pickEventTopic(d, t, id), json(d.pick(WRONG_TYPES_AND_SCALARS)))],
  [10, (d, t, id) => {
    const [type, topic] = d.pick(userEventTypes(t, id));
    return dead("envelope.bad_field", topic, json(breakEnvelope(d, validEventOf(type, id))));
  }],
  [4, (d, t, id) => {
    const [type, topic] = d.pick(userEventTypes(t, id));
    const other = d.pick(["user.deleted", "user.birth_data.updated", "module.profile.calculated", "module.error", "config.updated", "calc", "cosmic.storm.detected", `a${".a".repeat(d.int(100, 30_000))}`].filter((name) => name !== type));
    return dead("envelope.type_mismatch", topic, json({ ...eventOf(type, id), type: other }));
  }],
  [7, (d, t, id) => {
    const type = d.pick(["user.birth_data.updated", "user.deleted"]);
    return dead("subject.bad_user_id", t.userEvent(id, type), json({ ...eventOf(type, id), subject: d.pick([...BAD_SUBJECTS, ...WRONG_TYPES]) }));
  }],
  [4, (d, t, id) => {
    const type = d.pick(["user.birth_data.updated", "user.deleted"]);
    const badId = d.pick(BAD_TOPIC_IDS);
    return dead("topic.bad_user_id", t.userEvent(badId, type), json({ ...eventOf(type, id), subject: badId }));
  }],
  [5, (d, t, id) => {
    const [type, topic] = d.pick(userEventTypes(t, id));
    const event = eventOf(type, `${id}y`);
    if (d.random() < 0.3) delete event.subject;
    return dead("subject.topic_mismatch", topic, json(event));
  }],
  [14, (d, t, id) => dead("birth.bad_data", t.userEvent(id, "user.birth_data.updated"), json({ ...birthEvent(id), data: breakBirth(d, birthData()) }))],
  [3, (d, t, id) => dead("erase.bad_data", t.userEvent(id, "user.deleted"), json({ ...eventOf("user.deleted", id), data: d.pick([null, [], "x", 0, true, [[[]]], "$where", ["$in"], RAW]) }, nestedArrays(d.int(100, 5000))))],
  [5, (d, t, id) => dead("profile.bad_data", t.userEvent(id, "module.profile.calculated"), json({ ...eventOf("module.profile.calculated", id), data: breakProfile(d, profileData(id)) }))],
  // A person's client may publish under its own subtree: an answer about someone else must not start work on
  // that person's synthesis.
  [2, (_d, t, id) => dead("profile.foreign_user", t.userEvent(id, "module.profile.calculated"), json({ ...eventOf("module.profile.calculated", id), data: { ...profileData(`${id}y`), complete: true } }))],
  [3, (d, t, id) => {
    const data = d.pick<Record<string, unknown>>([{}, { module_name: d.pick(WRONG_TYPES), version: 1 }, { module_name: "numerology", version: d.pick([1.5, "2", 1e308, RAW, ...WRONG_TYPES]) }, { version: 1 }]);
    return dead("config.bad_data", t.event("config.updated"), json({ ...eventOf("config.updated", id), data }));
  }],
  [4, (d, t, id) => {
    const action = d.pick(BAD_ACTIONS);
    const topic = d.random() < 0.5 ? t.request(action) : t.userRequest(id, action);
    return dead("request.bad_action", d.random() < 0.1 ? topic.slice(0, topic.lastIndexOf("/requests/") + "/requests".length) : topic, json(requestOf(t, d.pick(ACTIONS), id, false)));
  }],
  [5, (d, t, id) => {
    const [topic, own] = requestTopic(d, t, id);
    return dead("request.bad_envelope", topic.topic, json(breakEnvelope(d, requestOf(t, topic.action, id, own))));
  }],
  [3, (d, t, id) => {
    const [topic, own] = requestTopic(d, t, id);
    return dead("request.type_mismatch", topic.topic, json({ ...requestOf(t, topic.action, id, own), type: d.pick(ACTIONS.filter((action) => action !== topic.action)) }));
  }],
  [8, (d, t, id) => {
    const [topic, own] = requestTopic(d, t, id);
    const request = requestOf(t, topic.action, id, own);
    const broken = d.random();
    if (broken < 0.15) delete request.replyto;
    else if (broken < 0.3) delete request.correlationid;
    else request.replyto = d.pick(badReplyTopics(t, id, own));
    return dead("request.bad_reply_routing", topic.topic, json(request));
  }],
  [3, (d, t, id) => {
    // A person's request topic speaks for that person only.
    const action = d.pick(ACTIONS);
    const request = { ...requestOf(t, action, id, true), subject: `${id}y` };
    return dead("request.foreign_subject", t.userRequest(id, action), json(request));
  }],
  [10, (d, t, id) => {
    const [topic, own] = requestTopic(d, t, id);
    const request = { ...requestOf(t, topic.action, id, own), ...badRequestContent(d, topic.action, id, own) };
    return {
      category: "request.bad_content",
      topic: topic.topic,
      payload: encode(json(request)),
      expected: { kind: "error-reply", correlationid: String(request.correlationid), replyto: String(request.replyto) },
    };
  }],
  [2, (d, t, id) => {
    const product = d.pick(BAD_PRODUCTS);
    return dead("feed.unknown_product", t.solarFeed(product), JSON.stringify([VALID_ROW.kp_1m]));
  }],
  [4, (d, t) => dead("feed.not_json", t.solarFeed(d.pick(SOLAR_PRODUCTS)), d.random() < 0.5 ? d.pick(NOT_JSON) : binary(d, 2048))],
  [1, (d, t) => dead("feed.oversize", t.solarFeed(d.pick(SOLAR_PRODUCTS)), `[${" ".repeat(FEED_MAX_BYTES + d.int(1, 4096))}]`)],
  [6, (d, t) => dead("feed.bad_shape", t.solarFeed(d.pick(SOLAR_PRODUCTS)), d.random() < 0.85 ? d.pick(BAD_FEED_SHAPES) : nestedArrays(d.int(100, 50_000)))],
  [8, (d, t) => {
    const product = d.pick(SOLAR_PRODUCTS);
    return dead("feed.impossible_value", t.solarFeed(product), json(badFeedRows(d, product)));
  }],
  [3, (d, t, id) => {
    const product = d.pick(SOLAR_PRODUCTS);
    const data = d.random() < 0.5 ? badFeedRows(d, product) : JSON.parse(d.pick(BAD_FEED_SHAPES));
    const event: Record<string, unknown> = { ...eventOf("cosmic.solar.feed", id), data };
    if (d.random() < 0.2) delete event.data;
    return dead("feed.bad_cloudevent", t.solarFeed(product), json(event));
  }],
  // Topics no subscription of the node matches (a user id with `/`, one level too many): nothing to answer.
  [2, (d, t, id) => {
    const topic = d.pick([
      t.userEvent(`${id}/x`, "user.birth_data.updated"),
      `${t.userEvent(id, "user.deleted")}/again`,
      `${t.solarFeed("kp_1m")}/x`,
      t.event("user.birth_data.updated"),
      `${t.deadLetter}/x`,
    ]);
    return { category: "topic.unconsumed", topic, payload: encode(json(birthEvent(id))), expected: SILENT };
  }],
  // The inspection view reads presence and actor summaries and drops what it cannot read.
  [2, (d, t, id) => {
    const topic = d.random() < 0.4 ? t.node(id) : t.actor(d.pick([id, "$where", ".."]), d.pick(["numerology", "$gt", "𝕏"]));
    const payload = d.pick<string | Uint8Array<ArrayBuffer>>([d.pick(NOT_JSON), binary(d, 512), json({ id: { $gt: "" }, module: 1 }), json(d.pick(WRONG_TYPES)), "x".repeat(20_000)]);
    return { category: "inspection.garbage", topic, payload: encode(payload), expected: SILENT };
  }],
];
const TOTAL_WEIGHT = CATEGORIES.reduce((sum, [weight]) => sum + weight, 0);
const WRONG_TYPES_AND_SCALARS: readonly unknown[] = [...WRONG_TYPES, 0, 1e308, "x", "", -1, "𝕏🙂"];

function message(d: Draw, topics: Topics, id: string): FuzzMessage {
  let roll = d.random() * TOTAL_WEIGHT;
  for (const [weight, make] of CATEGORIES) {
    roll -= weight;
    if (roll < 0) return make(d, topics, id);
  }
  return (CATEGORIES[0] as Category)[1](d, topics, id);
}

function dead(category: string, topic: string, payload: string | Uint8Array<ArrayBuffer>): FuzzMessage {
  return { category, topic, payload: encode(payload), expected: DEAD };
}

function encode(payload: string | Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return typeof payload === "string" ? encoder.encode(payload) : payload;
}

/** JSON text; a RAW placeholder becomes `raw`, by default a number no JSON writer emits (`1e400`). */
function json(value: unknown, raw?: string): string {
  const text = JSON.stringify(value) ?? "null";
  return text.includes(`"${RAW}"`) ? text.replace(`"${RAW}"`, raw ?? (RAW_NUMBERS[text.length % RAW_NUMBERS.length] as string)) : text;
}

function birthData(): Record<string, unknown> {
  return { name: `${CANARY} Person`, date: "1990-01-01", time: "11:30", timezone: "Europe/Berlin", latitude: 48.4, longitude: 9.98, place: `${CANARY} Town` };
}

function eventOf(type: string, subject: string): Record<string, unknown> {
  return { specversion: "1.0", id: `evt-${subject}`, source: "/fuzz", type, time: "2026-12-02T00:00:00Z", datacontenttype: "application/json", subject, data: {} };
}

function birthEvent(id: string): Record<string, unknown> {
  return { ...eventOf("user.birth_data.updated", id), data: birthData() };
}

function profileData(userId: string): Record<string, unknown> {
  return { module: "numerology", user_id: userId, source_event_id: `evt-${userId}`, revision: 1, status: "ok", complete: false };
}

/** The user-event topics of one fresh user, with a valid event of each type. */
function userEventTypes(t: Topics, id: string): [string, string][] {
  return ["user.birth_data.updated", "user.deleted", "module.profile.calculated"].map((type) => [type, t.userEvent(id, type)]);
}

function pickEventTopic(d: Draw, t: Topics, id: string): string {
  return d.pick([...userEventTypes(t, id).map(([, topic]) => topic), t.event("config.updated")]);
}

function validEventOf(type: string, id: string): Record<string, unknown> {
  if (type === "user.birth_data.updated") return birthEvent(id);
  if (type === "module.profile.calculated") return { ...eventOf(type, id), data: profileData(id) };
  return eventOf(type, id);
}

/** One envelope field removed or given a value its schema refuses. */
function breakEnvelope(d: Draw, event: Record<string, unknown>): Record<string, unknown> {
  const broken = { ...event };
  const field = d.pick(Object.keys(BAD_ENVELOPE));
  if (REQUIRED_ENVELOPE.includes(field) && d.random() < 0.2) delete broken[field];
  else broken[field] = d.pick(BAD_ENVELOPE[field] as readonly unknown[]);
  return broken;
}

/** One to three birth fields given a value the schema refuses, an operator key added, or a required field removed. */
function breakBirth(d: Draw, birth: Record<string, unknown>): Record<string, unknown> {
  const way = d.random();
  if (way < 0.6) {
    for (let i = 0; i < 1 + d.int(0, 3); i += 1) {
      const field = d.pick(BIRTH_FIELDS);
      birth[field] = d.pick(BAD_BIRTH[field]);
    }
  } else if (way < 0.75) {
    // Defined, not assigned: assigning `__proto__` would set the prototype and add no key.
    Object.defineProperty(birth, d.pick(["$set", "$where", "$gt", "__proto__", "constructor", "extra", "𝕏", "k".repeat(d.int(300, 30_000))]), {
      value: d.pick([...OPERATORS, CANARY, 1]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else if (way < 0.85) {
    delete birth[d.pick(["date", "latitude", "longitude"])];
  } else if (way < 0.92) {
    // A birth time needs a zone.
    delete birth.timezone;
  } else {
    birth[d.pick(BIRTH_FIELDS)] = RAW;
  }
  return birth;
}

const BAD_PROFILE: Record<string, readonly unknown[]> = {
  module: [1, ...WRONG_TYPES],
  user_id: [...BAD_SUBJECTS, ...WRONG_TYPES],
  source_event_id: [1, ...WRONG_TYPES],
  revision: [0, -1, 1.5, "2", 1e308, RAW, ...WRONG_TYPES],
  status: ["okay", "", "OK", ...WRONG_TYPES],
  complete: ["true", 1, ...WRONG_TYPES.filter((value) => value !== true)],
};

function breakProfile(d: Draw, data: Record<string, unknown>): Record<string, unknown> {
  const field = d.pick(Object.keys(BAD_PROFILE));
  if (field !== "complete" && d.random() < 0.2) delete data[field];
  else data[field] = d.pick(BAD_PROFILE[field] as readonly unknown[]);
  return data;
}

/** Where a request goes: the shared request topic, or a person's own. */
function requestTopic(d: Draw, t: Topics, id: string): [{ topic: string; action: (typeof ACTIONS)[number] }, boolean] {
  const action = d.pick(ACTIONS);
  const own = d.random() < 0.5;
  return [{ topic: own ? t.userRequest(id, action) : t.request(action), action }, own];
}

/** The reply topic a requester may name (DESIGN.md §5): its own reply subtree. */
function replyTopicOf(t: Topics, id: string, own: boolean): string {
  return own ? `${t.userReplies(id)}/${id}` : `${t.replies("fuzz")}/${id}`;
}

function requestOf(t: Topics, action: string, id: string, own: boolean): Record<string, unknown> {
  const data = action === "calc" ? { module: "numerology", birth: birthData() } : action === "profile.get" ? { module: "numerology" } : {};
  return { ...eventOf(action, id), data, replyto: replyTopicOf(t, id, own), correlationid: `corr-${id}` };
}

/** Reply topics a requester may not name: wildcards, control characters, anywhere outside its own replies. */
function badReplyTopics(t: Topics, id: string, own: boolean): unknown[] {
  const root = t.replies("").slice(0, -"/replies/".length);
  return [
    `${t.replies("+")}/x`,
    `${t.replies("fuzz")}/#`,
    "#",
    `${t.replies("fuzz")}/a\u0000b`,
    `${t.replies("fuzz")}/\u0007`,
    t.deadLetter,
    t.userEvent(`${id}y`, "user.birth_data.updated"),
    t.userEvent(id, "user.deleted"),
    t.event("config.updated"),
    t.node("fake"),
    t.trackingCurrent("solar"),
    `${t.userReplies(`${id}y`)}/x`,
    t.userReplies(id),
    t.replies(""),
    "$SYS/broker/x",
    "elsewhere/replies/x",
    `/${t.replies("fuzz")}/x`,
    `${root}/replies/fuzz/x`.toUpperCase(),
    ...(own ? [replyTopicOf(t, id, false)] : []),
    ...WRONG_TYPES,
  ];
}

/** A request whose routing is fine but whose content the action refuses (an `.error` reply). */
function badRequestContent(d: Draw, action: (typeof ACTIONS)[number], id: string, own: boolean): Record<string, unknown> {
  // A person's request speaks for that person (or names no subject); the shared topic takes any subject string.
  const subject = (): Record<string, unknown> => (own ? { subject: id } : { subject: d.pick([...BAD_SUBJECTS.filter((s) => s !== "" && s.length <= 200), `${id}-unknown`]) });
  switch (action) {
    case "calc": {
      const way = d.random();
      if (way < 0.3) return { data: d.pick([null, [], "calc", 1, ...OPERATORS]) };
      if (way < 0.6) return { data: { module: d.pick(["", "x".repeat(65), "nope", "$where", 1, ...OPERATORS]), birth: birthData() } };
      return { data: { module: "numerology", birth: breakBirth(d, birthData()) } };
    }
    case "synthesis.get":
      return own ? { subject: id } : d.random() < 0.2 ? { subject: undefined } : subject();
    case "profile.get":
      return d.random() < 0.5
        ? { ...subject(), data: { module: d.pick(["", "x".repeat(65), "nope", "$where", 1, ...OPERATORS]) } }
        : { ...subject(), data: { module: "numerology" } };
  }
}

/** Rows of one product with one row made impossible (a value out of its physical range, or a bad time tag). */
function badFeedRows(d: Draw, product: SolarProduct): Record<string, unknown>[] {
  const rows = Array.from({ length: d.int(1, 20) }, () => ({ ...VALID_ROW[product] }));
  const bad = rows[d.int(0, rows.length)] as Record<string, unknown>;
  if (d.random() < 0.7) {
    const [field, value] = d.pick(IMPOSSIBLE[product]);
    bad[field] = value;
  } else {
    bad.time_tag = d.pick(BAD_TIME_TAGS);
  }
  return rows;
}
