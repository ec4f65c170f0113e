import { describe, expect, test } from "bun:test";
import type { Queries } from "../../../app/queries.ts";
import { DeadLetterOffice, type DeadLetter } from "../../../bus/dead-letter.ts";
import { handleRequest } from "../../../bus/request-handler.ts";
import { NotFoundError } from "../../../core/errors.ts";
import { type CloudEvent, makeEvent, topicsFor } from "../../../core/events.ts";
import { fakeBus } from "../../support/fake-bus.ts";

const topics = topicsFor("g/v1");
const now = new Date("2026-12-02T00:00:00Z");

/** Runs one request through the handler; returns what was published where. */
async function ask(topic: string, fields: Partial<CloudEvent>) {
  const published: { topic: string; value: unknown }[] = [];
  const bus = fakeBus({
    publishEvent: async (to, event) => void published.push({ topic: to, value: event }),
    publishJson: async (to, value) => void published.push({ topic: to, value }),
  });
  const queries: Queries = {
    calculate: async () => ({ module: "numerology" }) as never,
    synthesis: async (userId) => {
      throw new NotFoundError(`no synthesis for ${userId}`);
    },
    profile: async (userId, module) => ({ user_id: userId, module }) as never,
    profiles: async () => [],
  };
  const request = { ...makeEvent({ id: "r1", source: "/t", type: topics.actionOf(topic) ?? "calc", time: now, data: { module: "numerology", birth: {} } }), ...fields };
  await handleRequest(
    { bus, topics, queries, deadLetters: new DeadLetterOffice(bus, topics.deadLetter, "n1"), source: "/gutters/n1", now: () => now, newId: () => "id1" },
    topic,
    new TextEncoder().encode(JSON.stringify(request)),
  );
  return published;
}

const letterPaths = (published: { topic: string; value: unknown }[]) => {
  expect(published.map((entry) => entry.topic)).toEqual([topics.deadLetter]);
  return ((published[0]?.value as DeadLetter).reason.issues ?? []).map((issue) => issue.path);
};

describe("requests are answered to the requester only", () => {
  test("the shared topic answers under <root>/replies/<client>/…", async () => {
    const published = await ask(topics.request("calc"), { replyto: `${topics.replies("app")}/1`, correlationid: "c1" });
    expect(published.map((entry) => entry.topic)).toEqual(["g/v1/replies/app/1"]);
    expect((published[0]?.value as CloudEvent).type).toBe("calc.reply");
  });

  test("a person's topic answers under that person's replies, about that person", async () => {
    const published = await ask(topics.userRequest("ann", "profile.get"), { subject: "ann", replyto: `${topics.userReplies("ann")}/x`, correlationid: "c2" });
    expect(published.map((entry) => entry.topic)).toEqual(["g/v1/users/ann/replies/x"]);
    expect((published[0]?.value as CloudEvent).data).toEqual({ user_id: "ann", module: "numerology" });
  });

  test.each([
    ["another person's events", topics.request("calc"), topics.userEvent("bob", "user.birth_data.updated")],
    ["the dead letter", topics.request("calc"), topics.deadLetter],
    ["outside the root", topics.request("calc"), "elsewhere/replies/x"],
    ["the replies level itself", topics.request("calc"), topics.replies("")],
    ["a NUL in the topic", topics.request("calc"), `${topics.replies("app")}/a\u0000b`],
    ["the shared replies from a person's topic", topics.userRequest("ann", "calc"), `${topics.replies("app")}/1`],
    ["another person's replies", topics.userRequest("ann", "calc"), `${topics.userReplies("bob")}/1`],
  ])("replyto naming %s is a dead letter, and nothing is published there", async (_name, topic, replyto) => {
    expect(letterPaths(await ask(topic, { replyto, correlationid: "c3" }))).toEqual(["replyto"]);
  });

  test("a person's topic cannot ask about someone else, nor name a user that is not one", async () => {
    const foreign = await ask(topics.userRequest("ann", "synthesis.get"), { subject: "bob", replyto: `${topics.userReplies("ann")}/x`, correlationid: "c4" });
    expect(letterPaths(foreign)).toEqual(["subject"]);
    const notUser = await ask(topics.userRequest("$where", "calc"), { replyto: `${topics.userReplies("$where")}/x`, correlationid: "c5" });
    expect(letterPaths(notUser)).toEqual(["topic"]);
  });
});
