import { describe, expect, test } from "bun:test";
import { CloudEventSchema, makeEvent, topicsFor, UserIdSchema } from "../../../core/events.ts";

const VALID = {
  specversion: "1.0",
  id: "evt-1",
  source: "/gutters/node-a/api",
  type: "user.birth_data.updated",
  time: "2026-01-02T03:04:05Z",
  subject: "user-1",
  data: { any: "thing" },
};

describe("CloudEventSchema", () => {
  test("accepts a structured-mode envelope and defaults the content type", () => {
    const parsed = CloudEventSchema.parse(VALID);
    expect(parsed.datacontenttype).toBe("application/json");
    expect(parsed.data).toEqual({ any: "thing" });
  });

  test("keeps unknown extensions, as CloudEvents allows them", () => {
    expect(CloudEventSchema.parse({ ...VALID, myext: "x" })).toMatchObject({ myext: "x" });
  });

  test("accepts a single-word type, as request actions such as calc have one", () => {
    expect(CloudEventSchema.safeParse({ ...VALID, type: "calc" }).success).toBe(true);
  });

  test("accepts a time with an offset", () => {
    expect(CloudEventSchema.safeParse({ ...VALID, time: "2026-01-02T03:04:05+02:00" }).success).toBe(true);
  });

  test.each([
    ["specversion", { specversion: "0.3" }],
    ["id", { id: "" }],
    ["source", { source: "" }],
    ["type", { type: "Updated" }],
    ["type", { type: "user." }],
    ["type", { type: "user..deleted" }],
    ["type", { type: "user.Birth.updated" }],
    ["time", { time: "yesterday" }],
    ["datacontenttype", { datacontenttype: "text/plain" }],
    ["subject", { subject: "" }],
  ])("rejects a bad %s", (field, patch) => {
    const result = CloudEventSchema.safeParse({ ...VALID, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual([field]);
  });
});

describe("UserIdSchema", () => {
  test.each(["u1", "A", "user_1.test:x@host-2", "9".repeat(128)])("accepts %p", (id) => {
    expect(UserIdSchema.safeParse(id).success).toBe(true);
  });

  test.each(["", "$SYS", "$user", "_u", "-u", "a/b", "a+b", "a#", "a b", "9".repeat(129)])("rejects %p", (id) => {
    expect(UserIdSchema.safeParse(id).success).toBe(false);
  });
});

describe("topicsFor", () => {
  const topics = topicsFor("gutters/v1");

  test("maps event types to topics by replacing dots with slashes", () => {
    expect(topics.event("user.birth_data.updated")).toBe("gutters/v1/events/user/birth_data/updated");
    expect(topics.allEvents).toBe("gutters/v1/events/#");
  });

  test("builds every other topic from the same root", () => {
    expect(topics.request("synthesis.get")).toBe("gutters/v1/requests/synthesis.get");
    expect(topics.allRequests).toBe("gutters/v1/requests/#");
    expect(topics.deadLetter).toBe("gutters/v1/dead-letter");
    expect(topics.node("n1")).toBe("gutters/v1/nodes/n1");
    expect(topics.actor("n1", "module.numerology")).toBe("gutters/v1/actors/n1/module.numerology");
    expect(topics.trackingCurrent("lunar")).toBe("gutters/v1/tracking/lunar/current");
  });

  test("actionOf reads the action back from a request topic", () => {
    expect(topics.actionOf(topics.request("calc"))).toBe("calc");
    expect(topics.actionOf(topics.request("profile.get"))).toBe("profile.get");
  });

  test("actionOf is undefined for anything that is not a request under this root", () => {
    expect(topics.actionOf("gutters/v1/events/user/deleted")).toBeUndefined();
    expect(topics.actionOf("other/requests/calc")).toBeUndefined();
    expect(topics.actionOf("gutters/v1/requests")).toBeUndefined();
    expect(topicsFor("gutters/v2").actionOf("gutters/v1/requests/calc")).toBeUndefined();
  });
});

describe("makeEvent", () => {
  const time = new Date("2026-05-06T07:08:09.010Z");

  test("builds a valid envelope from the given id and time", () => {
    const event = makeEvent({ id: "e1", source: "/gutters/n/a", type: "config.updated", time, data: { v: 1 } });
    expect(event).toEqual({
      specversion: "1.0",
      id: "e1",
      source: "/gutters/n/a",
      type: "config.updated",
      time: "2026-05-06T07:08:09.010Z",
      datacontenttype: "application/json",
      data: { v: 1 },
    });
    expect(CloudEventSchema.parse(event)).toEqual(event);
  });

  test("sets the optional fields only when given", () => {
    const event = makeEvent({
      id: "e1",
      source: "/gutters/n/a",
      type: "module.error",
      time,
      data: null,
      subject: "u1",
      correlationid: "c1",
      traceid: "t1",
    });
    expect(event).toMatchObject({ subject: "u1", correlationid: "c1", traceid: "t1" });
    const bare = makeEvent({ id: "e1", source: "s", type: "a.b", time, data: null });
    expect(Object.keys(bare)).not.toContain("subject");
    expect(Object.keys(bare)).not.toContain("correlationid");
    expect(Object.keys(bare)).not.toContain("traceid");
  });
});
