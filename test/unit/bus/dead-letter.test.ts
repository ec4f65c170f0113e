import { describe, expect, test } from "bun:test";
import { DeadLetterOffice, deadLetterFor, REASON_LIMITS } from "../../../bus/dead-letter.ts";
import { GuttersError, ValidationError } from "../../../core/errors.ts";
import { fakeBus } from "../../support/fake-bus.ts";

const NOW = new Date("2026-03-04T05:06:07.000Z");
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("deadLetterFor", () => {
  test("a GuttersError gives its code and issues as the reason", () => {
    const error = new ValidationError("invalid data", [{ path: "data.latitude", message: "too big" }]);
    expect(deadLetterFor("gutters/v1/events/user/birth_data/updated", bytes("{}"), error, "n1", NOW)).toEqual({
      reason: { error: "invalid_input", message: "invalid data", issues: [{ path: "data.latitude", message: "too big" }] },
      topic: "gutters/v1/events/user/birth_data/updated",
      size: 2,
      sha256: "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      received_at: "2026-03-04T05:06:07.000Z",
      node: "n1",
    });
  });

  test("the reason of a GuttersError without issues has none", () => {
    const letter = deadLetterFor("t", bytes("x"), new GuttersError("payload_too_large", "too big", { status: 413 }), "n1", NOW);
    expect(letter.reason).toEqual({ error: "payload_too_large", message: "too big" });
  });

  test("any other thrown value is unhandled, named by its class only: its message may quote the input", () => {
    expect(deadLetterFor("t", bytes("x"), new TypeError("cannot read 1879-03-14"), "n1", NOW).reason).toEqual({
      error: "unhandled",
      message: "TypeError while handling the payload",
    });
    expect(deadLetterFor("t", bytes("x"), "plain text", "n1", NOW).reason).toEqual({ error: "unhandled", message: "the payload could not be handled" });
  });

  test("the reason is bounded: long messages and field names are clipped, at most ten issues", () => {
    const key = "k".repeat(30_000);
    const issues = Array.from({ length: 50 }, (_, index) => ({ path: `data.${index}.${key}`, message: `Unrecognized key: "${key}"` }));
    const letter = deadLetterFor("t", bytes("{}"), new ValidationError(`event type ${key} does not match topic`, issues), "n1", NOW);
    expect(letter.reason.message).toHaveLength(REASON_LIMITS.text + 1);
    expect(letter.reason.issues).toHaveLength(REASON_LIMITS.issues);
    expect(letter.reason.issues?.[0]?.path.startsWith("data.0.kkk")).toBe(true);
    expect(JSON.stringify(letter).length).toBeLessThan(5000);
  });

  test("keeps the size and SHA-256 of the payload, never the payload", () => {
    const birth = JSON.stringify({ name: "Albert Einstein", date: "1879-03-14", time: "11:30" });
    const letter = deadLetterFor("t", bytes(birth), new Error("e"), "n1", NOW);
    expect(letter.size).toBe(Buffer.byteLength(birth));
    expect(letter.sha256).toBe(new Bun.CryptoHasher("sha256").update(birth).digest("hex"));
    expect(Object.keys(letter).sort()).toEqual(["node", "reason", "received_at", "sha256", "size", "topic"]);
    expect(JSON.stringify(letter)).not.toContain("Einstein");
    expect(JSON.stringify(letter)).not.toContain("1879");
  });
});

describe("DeadLetterOffice", () => {
  test("counts letters and publishes each to the dead-letter topic", async () => {
    const published: { topic: string; value: unknown }[] = [];
    const bus = fakeBus({
      publishJson: async (topic, value) => {
        published.push({ topic, value });
      },
    });
    const office = new DeadLetterOffice(bus, "gutters/v1/dead-letter", "n1");
    const letter = await office.send("gutters/v1/events/x/y", bytes("nope"), new Error("bad"), NOW);
    await office.send("gutters/v1/events/x/y", bytes("nope"), new Error("bad"), NOW);
    expect(office.count).toBe(2);
    expect(published).toHaveLength(2);
    expect(published[0]).toEqual({ topic: "gutters/v1/dead-letter", value: letter });
    expect(letter.node).toBe("n1");
  });
});
