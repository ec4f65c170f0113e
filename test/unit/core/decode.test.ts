import { describe, expect, test } from "bun:test";
import { decodeEvent, MAX_PAYLOAD_BYTES } from "../../../core/decode.ts";
import { GuttersError, ValidationError } from "../../../core/errors.ts";

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

const BIRTH = { name: "Ada", date: "1815-12-10", latitude: 51.5, longitude: -0.12 };
const EVENT = {
  specversion: "1.0",
  id: "evt-1",
  source: "/gutters/n1/api",
  type: "user.birth_data.updated",
  time: "2026-01-01T00:00:00Z",
  subject: "user-1",
  data: BIRTH,
};

function rejection(payload: Uint8Array, expectedType?: string): GuttersError {
  try {
    decodeEvent(payload, expectedType);
  } catch (error) {
    if (error instanceof GuttersError) return error;
    throw error;
  }
  throw new Error("expected the payload to be rejected");
}

describe("decodeEvent", () => {
  test("decodes a valid event and applies the data schema's defaults", () => {
    const event = decodeEvent(encode(EVENT), "user.birth_data.updated");
    expect(event.subject).toBe("user-1");
    expect(event.data).toEqual({ ...BIRTH, calendar: "gregorian" });
  });

  test("passes the data of an unlisted type through untouched", () => {
    const event = decodeEvent(encode({ ...EVENT, type: "device.reading.recorded", subject: "$anything", data: { x: [1] } }));
    expect(event.data).toEqual({ x: [1] });
  });

  test("refuses a payload that is not JSON", () => {
    const error = rejection(encode("{not json"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.message).toStartWith("payload is not JSON");
  });

  test("refuses an oversized payload with 413 before parsing it", () => {
    const error = rejection(new Uint8Array(MAX_PAYLOAD_BYTES + 1));
    expect(error.code).toBe("payload_too_large");
    expect(error.status).toBe(413);
  });

  test("accepts a payload of exactly the limit", () => {
    const base = encode({ ...EVENT, type: "device.reading.recorded", data: "" });
    const padded = encode({ ...EVENT, type: "device.reading.recorded", data: "x".repeat(MAX_PAYLOAD_BYTES - base.byteLength) });
    expect(padded.byteLength).toBe(MAX_PAYLOAD_BYTES);
    expect(() => decodeEvent(padded)).not.toThrow();
  });

  test("refuses a bad envelope, naming the fields", () => {
    const { id: _id, ...withoutId } = EVENT;
    const error = rejection(encode({ ...withoutId, specversion: "0.3" }));
    expect(error.message).toBe("not a CloudEvents 1.0 envelope");
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["id", "specversion"]);
  });

  test("refuses a type that does not match the topic", () => {
    const error = rejection(encode(EVENT), "user.deleted");
    expect(error.issues).toEqual([{ path: "type", message: "expected user.deleted" }]);
  });

  test.each([undefined, "$SYS", "a/b"])("refuses subject %p for a user event", (subject) => {
    const error = rejection(encode({ ...EVENT, subject }));
    expect(error.message).toBe("subject must be a user id");
    expect(error.issues.map((issue) => issue.path)).toEqual(["subject"]);
  });

  test("refuses bad birth data with every issue prefixed by data.", () => {
    const error = rejection(encode({ ...EVENT, data: { ...BIRTH, latitude: 91, time: "10:00" } }));
    expect(error.message).toBe("invalid data for user.birth_data.updated");
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["data.latitude", "data.timezone"]);
  });

  test("refuses birth data that is not an object, naming data", () => {
    const error = rejection(encode({ ...EVENT, data: "1815-12-10" }));
    expect(error.issues.map((issue) => issue.path)).toEqual(["data"]);
  });

  test("checks the data of the other core events too", () => {
    const error = rejection(
      encode({ ...EVENT, type: "module.profile.calculated", subject: undefined, data: { module: "m", user_id: "u", revision: 1, status: "ok" } }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["data.source_event_id"]);
  });
});
