import { z } from "zod";
import { GuttersError, issuesFromZod, ValidationError } from "./errors.ts";
import { type CloudEvent, CloudEventSchema, EVENT_DATA, type EventType, USER_SUBJECT_EVENTS, UserIdSchema } from "./events.ts";

/** Largest MQTT payload accepted, as for HTTP bodies: 64 KiB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * Decodes an MQTT payload into a validated CloudEvent: JSON, envelope, subject and — for known types — the
 * data schema. Throws a ValidationError whose issues name each bad field (`data.latitude`), which becomes
 * the dead-letter reason.
 */
export function decodeEvent(payload: Uint8Array, expectedType?: string): CloudEvent {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    throw new GuttersError("payload_too_large", `payload of ${payload.byteLength} bytes exceeds ${MAX_PAYLOAD_BYTES}`, {
      status: 413,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    // The parser's message quotes the payload, which may be birth data: only the rule is reported.
    throw new ValidationError("payload is not JSON", [{ path: "(root)", message: "expected a JSON document" }]);
  }
  const envelope = CloudEventSchema.safeParse(json);
  if (!envelope.success) {
    throw new ValidationError("not a CloudEvents 1.0 envelope", issuesFromZod(envelope.error));
  }
  const event = envelope.data;
  if (expectedType !== undefined && event.type !== expectedType) {
    throw new ValidationError(`event type ${event.type} does not match topic (expected ${expectedType})`, [
      { path: "type", message: `expected ${expectedType}` },
    ]);
  }
  if (USER_SUBJECT_EVENTS.has(event.type)) {
    const subject = UserIdSchema.safeParse(event.subject);
    if (!subject.success) {
      throw new ValidationError("subject must be a user id", issuesFromZod(subject.error, ["subject"]));
    }
  }
  const dataSchema: z.ZodType | undefined = EVENT_DATA[event.type as EventType];
  if (dataSchema !== undefined) {
    const data = dataSchema.safeParse(event.data);
    if (!data.success) {
      throw new ValidationError(`invalid data for ${event.type}`, issuesFromZod(data.error, ["data"]));
    }
    event.data = data.data;
  }
  return event;
}
