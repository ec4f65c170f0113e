import { describe, expect, test } from "bun:test";
import { filterWithin, type MqttAccessContext, type MqttAction, mqttAllows, mqttGrants, unshared } from "../../../auth/mqtt-access.ts";
import type { Principal, Scope } from "../../../auth/schemas.ts";

// The rules under test are DESIGN.md §11 ("may subscribe only to <root>/users/<own id>/#, <root>/events/# and
// <root>/tracking/#, and publish only under <root>/users/<own id>/") and the scope table in README "MQTT access".
const R = "gutters/v1";
const person = (userId: string): Principal => ({ kind: "person", userId, expiresAt: new Date("2030-01-01T00:00:00Z") });
const key = (...scopes: Scope[]): Principal => ({ kind: "key", keyId: "k1", scopes });
const as = (principal: Principal, clientId = "svc-1", root = R): MqttAccessContext => ({ principal, root, clientId });

function check(context: MqttAccessContext, cases: [MqttAction, string, boolean][]): void {
  const wrong = cases.filter(([action, topic, expected]) => mqttAllows(context, action, topic) !== expected);
  expect(wrong).toEqual([]);
}

describe("a person (username = user id)", () => {
  const alice = as(person("alice"));
  test("subscribes to its own subtree, public events and tracking, and filters inside them", () => {
    check(alice, [
      ["subscribe", `${R}/users/alice/#`, true],
      ["subscribe", `${R}/users/alice`, true],
      ["subscribe", `${R}/users/alice/events/#`, true],
      ["subscribe", `${R}/users/alice/events/user/birth_data/updated`, true],
      ["subscribe", `${R}/users/alice/+/module/#`, true],
      ["subscribe", `${R}/users/alice/replies/+/x`, true],
      ["subscribe", `${R}/users/alice//#`, true],
      ["subscribe", `${R}/events/#`, true],
      // `a/#` also matches `a` (MQTT 3.1.1 §4.7.1.2), so the parent level is inside the grant.
      ["subscribe", `${R}/events`, true],
      ["subscribe", `${R}/events/cosmic/+/phase`, true],
      ["subscribe", `${R}/tracking/#`, true],
      ["subscribe", `${R}/tracking/+/current`, true],
    ]);
  });
  test("cannot subscribe to anything that could match outside them", () => {
    check(alice, [
      ["subscribe", "#", false],
      ["subscribe", "+", false],
      ["subscribe", `${R}/#`, false],
      ["subscribe", `${R}/+`, false],
      ["subscribe", `${R}/users/#`, false],
      ["subscribe", `${R}/users/+/#`, false],
      ["subscribe", `${R}/users/+/events/#`, false],
      ["subscribe", `${R}/users/bob/#`, false],
      ["subscribe", `${R}/users/alice2/#`, false],
      ["subscribe", `${R}/users/ali/#`, false],
      ["subscribe", `${R}/+/alice/#`, false],
      ["subscribe", `+/v1/users/alice/#`, false],
      ["subscribe", `gutters/+/users/alice/#`, false],
      ["subscribe", `${R}/+/#`, false],
      ["subscribe", `${R}/requests/#`, false],
      ["subscribe", `${R}/replies/#`, false],
      ["subscribe", `${R}/nodes/+`, false],
      ["subscribe", `${R}/feeds/solar/+`, false],
      ["subscribe", `${R}/dead-letter`, false],
      ["subscribe", "other/v1/users/alice/#", false],
      ["subscribe", "$SYS/#", false],
      ["subscribe", "$CONTROL/dynamic-security/#", false],
      ["subscribe", "$share/g/#", false],
      ["subscribe", `$share/g/${R}/users/alice/#`, false],
      ["subscribe", `$share/g/${R}/events/#`, false],
      ["subscribe", `$share/g/${R}/users/bob/#`, false],
      ["subscribe", `$share/g/${R}/users/+/#`, false],
      ["subscribe", `$share//${R}/users/alice/#`, false],
      ["subscribe", `$share/g+/${R}/users/alice/#`, false],
      ["subscribe", "$share/g", false],
      ["subscribe", "$share/g/", false],
      ["subscribe", `$sharex/g/${R}/users/alice/#`, false],
    ]);
  });
  test("`..` and `.` levels, malformed filters and empty ones are refused", () => {
    check(alice, [
      ["subscribe", `${R}/users/alice/../bob/#`, false],
      ["subscribe", `${R}/users/alice/./#`, false],
      ["subscribe", `${R}/users/alice/#/x`, false],
      ["subscribe", `${R}/users/alice/a#`, false],
      ["subscribe", `${R}/users/alice/a+`, false],
      ["subscribe", `${R}/users/alice/\u0000`, false],
      ["subscribe", "", false],
      ["publish", `${R}/users/alice/events/../../bob/events/user/deleted`, false],
      ["publish", `${R}/users/alice/events/./x`, false],
    ]);
  });
  test("publishes its own events and requests only", () => {
    check(alice, [
      ["publish", `${R}/users/alice/events/user/birth_data/updated`, true],
      ["publish", `${R}/users/alice/events/journal/entry/created`, true],
      ["publish", `${R}/users/alice/requests/synthesis.get`, true],
      ["publish", `${R}/users/alice/replies/x`, false],
      ["publish", `${R}/users/alice`, false],
      ["publish", `${R}/users/alice/other`, false],
      ["publish", `${R}/users/bob/events/user/deleted`, false],
      ["publish", `${R}/users/alice2/events/user/deleted`, false],
      ["publish", `${R}/events/cosmic/lunar/phase`, false],
      ["publish", `${R}/tracking/lunar/current`, false],
      ["publish", `${R}/requests/calc`, false],
      ["publish", `${R}/feeds/solar/kp_1m`, false],
      ["publish", `${R}/nodes/n1`, false],
      ["publish", `${R}/users/+/events/user/deleted`, false],
      ["publish", `${R}/users/alice/events/#`, false],
      // A person says what is theirs to say; profiles, syntheses and findings come from the node only.
      ["publish", `${R}/users/alice/events/module/profile/calculated`, false],
      ["publish", `${R}/users/alice/events/synthesis/profile/generated`, false],
      ["publish", `${R}/users/alice/events/observer/finding/detected`, false],
      ["publish", "$SYS/x", false],
      ["publish", "", false],
    ]);
  });
  test("a user id outside the schema (it would be a wildcard or a path) gets nothing", () => {
    for (const userId of ["+", "#", "a/b", "$x", "", ".."]) {
      expect(mqttGrants(as(person(userId)))).toEqual({ subscribe: [], publish: [] });
      expect(mqttAllows(as(person(userId)), "subscribe", `${R}/events/#`)).toBe(false);
    }
  });
  test("a topic root with several levels is matched level by level", () => {
    const deep = as(person("alice"), "c", "org/site/gutters/v1");
    check(deep, [
      ["subscribe", "org/site/gutters/v1/users/alice/#", true],
      ["subscribe", "org/site/+/v1/users/alice/#", false],
      ["subscribe", "org/#", false],
      ["subscribe", "org/site/gutters/v1/#", false],
      ["subscribe", `${R}/users/alice/#`, false],
      ["publish", "org/site/gutters/v1/users/alice/events/user/deleted", true],
      ["publish", `${R}/users/alice/events/user/deleted`, false],
    ]);
  });
});

describe("a service key (username apikey)", () => {
  test("admin may do everything, $SYS included", () => {
    check(as(key("admin")), [
      ["subscribe", "#", true],
      ["subscribe", "$SYS/#", true],
      ["subscribe", "$share/g/other/#", true],
      ["publish", `${R}/feeds/solar/kp_1m`, true],
      ["publish", "anything/else", true],
      ["publish", "a/#", false],
      ["subscribe", "a/#/b", false],
    ]);
    expect(mqttGrants(as(key("admin", "calc")))).toBe("all");
  });
  test("events:read reads everything under the root and writes nothing", () => {
    check(as(key("events:read")), [
      ["subscribe", `${R}/#`, true],
      ["subscribe", `${R}/users/+/events/#`, true],
      ["subscribe", `$share/readers/${R}/events/#`, true],
      ["subscribe", "#", false],
      ["subscribe", "gutters/#", false],
      ["subscribe", "$SYS/#", false],
      ["publish", `${R}/events/x`, false],
      ["publish", `${R}/users/alice/events/user/deleted`, false],
    ]);
  });
  test("users:write publishes any person's events, reads nothing", () => {
    check(as(key("users:write")), [
      ["publish", `${R}/users/alice/events/user/birth_data/updated`, true],
      ["publish", `${R}/users/bob/events/user/deleted`, true],
      ["publish", `${R}/users/bob/replies/x`, false],
      ["publish", `${R}/events/config/updated`, false],
      ["publish", `${R}/feeds/solar/kp_1m`, false],
      ["publish", `${R}/requests/calc`, false],
      ["subscribe", `${R}/users/+/events/#`, false],
      ["subscribe", `${R}/replies/svc-1/#`, false],
    ]);
  });
  test("users:read reads every person's events and asks for syntheses and profiles, answered on its own reply topics", () => {
    check(as(key("users:read"), "svc-1"), [
      ["subscribe", `${R}/users/+/events/#`, true],
      ["subscribe", `${R}/users/alice/events/user/birth_data/updated`, true],
      ["subscribe", `${R}/users/alice/replies/#`, false],
      ["subscribe", `${R}/users/#`, false],
      ["subscribe", `${R}/replies/svc-1/#`, true],
      ["subscribe", `${R}/replies/svc-2/#`, false],
      ["subscribe", `${R}/replies/+/#`, false],
      ["publish", `${R}/requests/synthesis.get`, true],
      ["publish", `${R}/requests/profile.get`, true],
      ["publish", `${R}/requests/calc`, false],
      ["publish", `${R}/users/alice/events/user/deleted`, false],
    ]);
  });
  test("calc asks for calculations and reads its own replies only", () => {
    check(as(key("calc"), "calc-client"), [
      ["publish", `${R}/requests/calc`, true],
      ["publish", `${R}/requests/calc/x`, false],
      ["publish", `${R}/requests/synthesis.get`, false],
      ["subscribe", `${R}/replies/calc-client/#`, true],
      ["subscribe", `${R}/replies/calc-client/abc`, true],
      ["subscribe", `${R}/replies/other/#`, false],
      ["subscribe", `${R}/replies/#`, false],
      ["subscribe", `${R}/events/#`, false],
    ]);
  });
  test("a client id that is not one plain topic level gets no reply topics", () => {
    for (const clientId of ["a/b", "+", "#", "$x", "", "."]) {
      const grants = mqttGrants(as(key("calc"), clientId));
      expect(grants === "all" ? [] : grants.subscribe).toEqual([]);
    }
  });
  test("scopes add up", () => {
    const both = as(key("calc", "users:write"), "c1");
    check(both, [
      ["publish", `${R}/requests/calc`, true],
      ["publish", `${R}/users/a/events/user/birth_data/updated`, true],
      ["publish", `${R}/users/a/events/journal/entry/created`, true],
      // The node's outputs are the node's: a service writing for people cannot forge them.
      ["publish", `${R}/users/a/events/module/profile/calculated`, false],
      ["publish", `${R}/users/a/events/synthesis/profile/generated`, false],
      ["subscribe", `${R}/replies/c1/#`, true],
    ]);
  });
});

describe("filter helpers", () => {
  test("filterWithin: every topic the filter matches is matched by the bound", () => {
    expect(filterWithin("a/b", "a/b/#")).toBe(true);
    expect(filterWithin("a", "a/b/#")).toBe(false);
    expect(filterWithin("a/+/c", "a/+/c")).toBe(true);
    expect(filterWithin("a/x/c", "a/+/c")).toBe(true);
    expect(filterWithin("a/+/c/d", "a/+/c")).toBe(false);
    expect(filterWithin("a/#", "a/+")).toBe(false);
    expect(filterWithin("a/+", "a/b")).toBe(false);
  });
  test("unshared strips a well-formed $share prefix", () => {
    expect(unshared("$share/g/a/#")).toBe("a/#");
    expect(unshared("a/#")).toBe("a/#");
    expect(unshared("$share/g#/a")).toBeUndefined();
  });
});
