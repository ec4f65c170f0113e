import { describe, expect, test } from "bun:test";
import { DeadLetterOffice, deadLetterFor } from "../../../bus/dead-letter.ts";
import type { EventBus } from "../../../bus/mqtt-bus.ts";
import { GuttersError, ValidationError } from "../../../core/errors.ts";

const NOW = new Date("2026-03-04T05:06:07.000Z");
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("deadLetterFor", () => {
  test("a GuttersError gives its code and issues as the reason", () => {
    const error = new ValidationError("invalid data", [{ path: "data.latitude", message: "too big" }]);
    expect(deadLetterFor("gutters/v1/events/user/birth_data/updated", bytes("{}"), error, "n1", NOW)).toEqual({
      reason: { error: "invalid_input", message: "invalid data", issues: [{ path: "data.latitude", message: "too big" }] },
      topic: "gutters/v1/events/user/birth_data/updated",
      payload: "{}",
      received_at: "2026-03-04T05:06:07.000Z",
      node: "n1",
    });
  });

  test("the reason of a GuttersError without issues has none", () => {
    const letter = deadLetterFor("t", bytes("x"), new GuttersError("payload_too_large", "too big", { status: 413 }), "n1", NOW);
    expect(letter.reason).toEqual({ error: "payload_too_large", message: "too big" });
  });

  test("any other thrown value is unhandled, with its message", () => {
    expect(deadLetterFor("t", bytes("x"), new TypeError("cannot read x"), "n1", NOW).reason).toEqual({
      error: "unhandled",
      message: "cannot read x",
    });
    expect(deadLetterFor("t", bytes("x"), "plain text", "n1", NOW).reason).toEqual({ error: "unhandled", message: "plain text" });
  });

  test("carries only the first 4 KiB of the payload", () => {
    const letter = deadLetterFor("t", bytes(`${"a".repeat(4096)}TAIL`), new Error("e"), "n1", NOW);
    expect(letter.payload).toBe("a".repeat(4096));
  });

  test("a short payload is carried whole, as text", () => {
    expect(deadLetterFor("t", bytes('{"ü":1}'), new Error("e"), "n1", NOW).payload).toBe('{"ü":1}');
  });
});

describe("DeadLetterOffice", () => {
  test("counts letters and publishes each to the dead-letter topic", async () => {
    const published: { topic: string; value: unknown }[] = [];
    const bus: EventBus = {
      publishEvent: async () => {},
      publishJson: async (topic, value) => {
        published.push({ topic, value });
      },
      clearRetained: async () => {},
      subscribe: async () => async () => {},
      sharesWork: false,
      isConnected: () => true,
      subscriptionCount: () => 0,
      pause: () => {},
      drained: async () => {},
      close: async () => {},
    };
    const office = new DeadLetterOffice(bus, "gutters/v1/dead-letter", "n1");
    const letter = await office.send("gutters/v1/events/x/y", bytes("nope"), new Error("bad"), NOW);
    await office.send("gutters/v1/events/x/y", bytes("nope"), new Error("bad"), NOW);
    expect(office.count).toBe(2);
    expect(published).toHaveLength(2);
    expect(published[0]).toEqual({ topic: "gutters/v1/dead-letter", value: letter });
    expect(letter.node).toBe("n1");
  });
});
