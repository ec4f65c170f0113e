import { expect, test } from "bun:test";
import { deadLetterFields, LoggedDeadLetterOffice, moduleErrorFields } from "../../../actors/log-fields.ts";
import { createLogger } from "../../../core/logger.ts";
import { deadLetterFor } from "../../../bus/dead-letter.ts";
import { ValidationError } from "../../../core/errors.ts";
import { fakeBus } from "../../support/fake-bus.ts";

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

test("the node's dead-letter office logs each letter it sends at warn, in one line without the payload", async () => {
  const lines: string[] = [];
  const published: string[] = [];
  const bus = fakeBus({
    publishJson: async (topic: string) => {
      published.push(topic);
    },
  });
  const office = new LoggedDeadLetterOffice(bus, "g/v1/dead-letter", "n1", createLogger("info", {}, (line) => lines.push(line)));
  await office.send("g/v1/users/u1/events/user/birth_data/updated", new TextEncoder().encode(JSON.stringify(BIRTH)), new ValidationError("invalid birth data", [{ path: "latitude", message: "too big" }]), new Date());
  expect(published).toEqual(["g/v1/dead-letter"]);
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: "warn", message: "dead letter", error: "invalid_input", fields: "latitude" });
  expect(lines[0]).not.toContain("Einstein");
});
