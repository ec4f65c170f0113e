import { describe, expect, test } from "bun:test";
import { topicMatches } from "../../../bus/topic-match.ts";

describe("topicMatches", () => {
  test.each([
    ["gutters/v1/events/user/deleted", "gutters/v1/events/user/deleted"],
    ["gutters/v1/events/#", "gutters/v1/events/user/deleted"],
    ["gutters/v1/events/#", "gutters/v1/events"],
    ["#", "gutters/v1/events"],
    ["gutters/+/events/+/deleted", "gutters/v1/events/user/deleted"],
    ["+", "gutters"],
    ["+/+", "/finance"],
    ["gutters/+", "gutters/"],
    ["$SYS/#", "$SYS/broker/uptime"],
    ["$SYS/+/uptime", "$SYS/broker/uptime"],
  ])("%p matches %p", (filter, topic) => {
    expect(topicMatches(filter, topic)).toBe(true);
  });

  test.each([
    ["gutters/v1/events/user", "gutters/v1/events/user/deleted"],
    ["gutters/v1/events/user/deleted/x", "gutters/v1/events/user/deleted"],
    ["gutters/v1/events/#", "gutters/v2/events/user"],
    ["gutters/+", "gutters/v1/events"],
    ["+", "/finance"],
    ["gutters/v1", "Gutters/v1"],
    // Wildcards at the first level never reach broker-internal `$` topics (MQTT 3.1.1 §4.7.2).
    ["#", "$SYS/broker/uptime"],
    ["+/broker/uptime", "$SYS/broker/uptime"],
    ["+/#", "$share/x"],
  ])("%p does not match %p", (filter, topic) => {
    expect(topicMatches(filter, topic)).toBe(false);
  });
});
