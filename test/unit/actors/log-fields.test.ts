import { expect, test } from "bun:test";
import { deadLetterFields, moduleErrorFields } from "../../../actors/log-fields.ts";
import { deadLetterFor } from "../../../bus/dead-letter.ts";
import { ValidationError } from "../../../core/errors.ts";

const BIRTH = { name: "Albert Einstein", date: "1879-03-14", time: "11:30", timezone: "Europe/Berlin", latitude: 48.4011, longitude: 9.9876 };

test("a dead letter is logged by topic, code and field names, never with its payload or message", () => {
  const error = new ValidationError("local time 1879-03-14 11:30 is ambiguous", [{ path: "time", message: "1879-03-14 11:30 occurred twice" }]);
  const letter = deadLetterFor("root/users/u1/events/user/birth_data/updated", new TextEncoder().encode(JSON.stringify(BIRTH)), error, "n1", new Date());
  const fields = deadLetterFields(letter);
  expect(fields).toEqual({ topic: "root/users/u1/events/user/birth_data/updated", error: "invalid_input", fields: "time" });
  expect(JSON.stringify(fields)).not.toContain("1879");
});

test("a module error is logged by module, user, code and field names, without the message", () => {
  const fields = moduleErrorFields("astrology", {
    user_id: "u1",
    module: "astrology",
    source_event_id: "e1",
    source_event_time: new Date(),
    source_revision: 1,
    status: "error",
    error: { error: "invalid_input", message: "local time 1879-03-14 11:30 does not exist", issues: [{ path: "time", message: "1879-03-14" }] },
    stored_at: new Date(),
  });
  expect(fields).toEqual({ module: "astrology", user_id: "u1", error: "invalid_input", fields: "time" });
});
