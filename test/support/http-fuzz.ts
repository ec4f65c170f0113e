/**
 * A seeded generator of malformed HTTP requests for the fuzz test (issue 9 §6): wrong types, `$`-operators in
 * every field, deep nesting, huge numbers, unicode, oversize bodies, bad path parameters, non-JSON and binary.
 * The same seed always gives the same requests, so a failure can be replayed.
 */
import { BAD_VALUES, BIRTH_FIELDS, nestedArrays, nestedObjects, prng } from "./fuzz-values.ts";

export interface FuzzRequest {
  method: string;
  path: string;
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
}

const BAD_SEGMENTS = [
  "$where", "$gt", "..", "%2e%2e", "a%2Fb", "+", "%2B", "%23", "#", "%00", "%FF", " ", "%20", "𝕏🙂", "\u202e",
  "x".repeat(300), "null", "undefined", "-1", "1e309", "__proto__", "constructor", ".", "~", "%25", "{}", "[]",
];

const BAD_INSTANTS = [
  "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1499-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "+275760-09-13T00:00:00Z",
  "2026-02-30T00:00:00Z", "yesterday", "%24gt", "2026-01-01T00:00:00Z".repeat(50), "1e309", "",
];

const BAD_NUMBERS = ["-1", "0", "1e309", "NaN", "Infinity", "%24gt", "99999999", "1.5e3", "0x10", "", "abc", "367", "3"];

/** Yields the requests one at a time: a list of them (oversize bodies included) would itself weigh tens of MiB. */
export function* fuzzRequests(seed: number, count: number): Generator<FuzzRequest> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const segment = (): string => pick(BAD_SEGMENTS);
  const moduleName = (): string => (random() < 0.5 ? pick(["numerology", "astrology", "human_design", "lunar", "transits", "solar"]) : segment());

  const birthLike = (): Record<string, unknown> => {
    const birth: Record<string, unknown> = { date: "1990-01-01", latitude: 10, longitude: 10 };
    // One to three fields replaced by a bad value, or an operator key added.
    for (let i = 0; i < 1 + Math.floor(random() * 3); i += 1) birth[pick(BIRTH_FIELDS)] = pick(BAD_VALUES);
    if (random() < 0.3) birth[pick(["$set", "$where", "__proto__", "constructor", "extra"])] = pick(BAD_VALUES);
    return birth;
  };
  const body = (): { body: string | Uint8Array<ArrayBuffer>; contentType?: string } => {
    const kind = random();
    if (kind < 0.45) return { body: JSON.stringify(birthLike()), contentType: "application/json" };
    if (kind < 0.55) return { body: JSON.stringify(pick(BAD_VALUES)), contentType: "application/json" };
    if (kind < 0.62) return { body: random() < 0.5 ? nestedArrays(5000 + Math.floor(random() * 20000)) : nestedObjects(3000), contentType: "application/json" };
    if (kind < 0.68) return { body: `{"date":"${"9".repeat(70_000)}"}`, contentType: "application/json" };
    if (kind < 0.76) return { body: pick(["{oops", "<xml/>", "'single'", "{\"a\":}", "\u0000\u0001", "null", "[1,2", "1e99999"]), contentType: "application/json" };
    if (kind < 0.84) return { body: Uint8Array.from({ length: 1 + Math.floor(random() * 2048) }, () => Math.floor(random() * 256)), contentType: "application/octet-stream" };
    if (kind < 0.92) return { body: JSON.stringify({ [pick(["storm", "urls", "aurora", "system", "max_queue", "cadence_seconds"])]: pick(BAD_VALUES), [`unknown_${Math.floor(random() * 10)}`]: 1 }), contentType: "application/json" };
    return { body: "", contentType: pick(["application/json", "text/plain"]) };
  };
  const query = (): string => {
    const parts: string[] = [];
    if (random() < 0.6) parts.push(`at=${pick(BAD_INSTANTS)}`);
    if (random() < 0.4) parts.push(`days=${pick(BAD_NUMBERS)}`);
    if (random() < 0.3) parts.push(`user=${segment()}`);
    if (random() < 0.3) parts.push(`from=${pick(BAD_INSTANTS)}`);
    if (random() < 0.3) parts.push(`to=${pick(BAD_INSTANTS)}`);
    if (random() < 0.1) parts.push(`${segment()}=${segment()}`);
    return parts.length > 0 ? `?${parts.join("&")}` : "";
  };

  const routes: Array<() => FuzzRequest> = [
    () => ({ method: "POST", path: "/v1/users", ...body() }),
    () => ({ method: pick(["GET", "DELETE"]), path: `/v1/users/${segment()}` }),
    () => ({ method: "PUT", path: `/v1/users/${segment()}`, ...body() }),
    () => ({ method: "GET", path: `/v1/users/${segment()}/${pick(["profiles", "synthesis", "transits"])}${query()}` }),
    () => ({ method: "GET", path: `/v1/users/${segment()}/profiles/${moduleName()}` }),
    () => ({ method: "POST", path: `/v1/calc/${moduleName()}`, ...body() }),
    () => ({ method: pick(["PUT", "PATCH"]), path: `/v1/config/${moduleName()}`, ...body() }),
    () => ({ method: "GET", path: `/v1/config/${segment()}` }),
    () => ({ method: "GET", path: `/v1/tracking/${pick(["lunar", "transits", "solar", "upcoming"])}${query()}` }),
    () => ({ method: "GET", path: `/v1/tracking/${moduleName()}/history${query()}` }),
    () => ({ method: "GET", path: `/v1/actors/${segment()}` }),
    () => ({ method: pick(["GET", "POST", "PUT", "PATCH", "DELETE"]), path: `/${segment()}/${segment()}` }),
  ];
  for (let i = 0; i < count; i += 1) yield pick(routes)();
}
