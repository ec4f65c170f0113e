import { describe, expect, test } from "bun:test";
import { decideCalculation } from "../../../actors/calculation-decision.ts";
import type { CalculationJob, ConfigState } from "../../../actors/jobs.ts";
import { decodeEvent } from "../../../core/decode.ts";
import { ValidationError } from "../../../core/errors.ts";
import { CloudEventSchema, EVENT_DATA } from "../../../core/events.ts";
import { BIRTH, echoModule } from "../modules/fixtures.ts";

const NOW = new Date("2026-06-07T08:09:10.000Z");
const SOURCE = "/gutters/n1/module.echo";
const JOB: CalculationJob = { userId: "u1", eventId: "evt-9", revision: 3, userCreatedAt: new Date("2026-06-01T00:00:00.000Z"), eventTime: "2026-06-07T08:00:00.000Z", birth: BIRTH, correlationId: "corr-1" };
const CONFIG: ConfigState = { config: { factor: 3 }, version: 4, source: "database" };

const failing = (thrown: unknown) =>
  echoModule({
    calculate: () => {
      throw thrown;
    },
  });

describe("decideCalculation", () => {
  test("an ok calculation gives an ok profile and one module.profile.calculated", () => {
    const decision = decideCalculation(echoModule(), JOB, CONFIG, NOW, SOURCE);
    expect(decision.defect).toBeUndefined();
    expect(decision.profile).toMatchObject({
      user_id: "u1",
      module: "echo",
      source_event_id: "evt-9",
      source_event_time: new Date("2026-06-07T08:00:00.000Z"),
      source_revision: 3,
      user_created_at: new Date("2026-06-01T00:00:00.000Z"),
      stored_at: NOW,
      status: "ok",
      layer: "calculation",
      version: "2.1.0",
      data: { year: 1815, scaled: 5445 },
      metadata: { config_version: 4, calculated_at: NOW.toISOString() },
    });
    expect(decision.events).toEqual([
      {
        specversion: "1.0",
        id: "evt-9:echo:module.profile.calculated",
        source: SOURCE,
        type: "module.profile.calculated",
        time: NOW.toISOString(),
        datacontenttype: "application/json",
        subject: "u1",
        correlationid: "corr-1",
        data: { module: "echo", user_id: "u1", source_event_id: "evt-9", revision: 3, status: "ok" },
      },
    ]);
  });

  test("every event it emits passes the event map's own schema", () => {
    const decisions = [
      decideCalculation(echoModule(), JOB, CONFIG, NOW, SOURCE),
      decideCalculation(failing(new ValidationError("needs a name", [{ path: "name", message: "required" }])), JOB, CONFIG, NOW, SOURCE),
    ];
    for (const event of decisions.flatMap((decision) => decision.events)) {
      const payload = new TextEncoder().encode(JSON.stringify(CloudEventSchema.parse(event)));
      expect(decodeEvent(payload, event.type).data).toEqual(event.data);
      expect(event.type in EVENT_DATA).toBe(true);
    }
  });

  test("a GuttersError from calculate gives an error profile, module.error and an error status, no defect", () => {
    const issues = [{ path: "name", message: "numerology needs the full birth name" }];
    const decision = decideCalculation(failing(new ValidationError("needs a name", issues)), JOB, CONFIG, NOW, SOURCE);
    expect(decision.defect).toBeUndefined();
    expect(decision.profile).toEqual({
      user_id: "u1",
      module: "echo",
      source_event_id: "evt-9",
      source_event_time: new Date("2026-06-07T08:00:00.000Z"),
      source_revision: 3,
      user_created_at: new Date("2026-06-01T00:00:00.000Z"),
      stored_at: NOW,
      layer: "calculation",
      version: "2.1.0",
      status: "error",
      error: { error: "invalid_input", message: "needs a name", issues },
    });
    expect(decision.events.map((event) => [event.id, event.type])).toEqual([
      ["evt-9:echo:module.error", "module.error"],
      ["evt-9:echo:module.profile.calculated", "module.profile.calculated"],
    ]);
    expect(decision.events[0]?.data).toEqual({ module: "echo", user_id: "u1", error: "invalid_input", message: "needs a name", issues });
    expect(decision.events[1]?.data).toEqual({ module: "echo", user_id: "u1", source_event_id: "evt-9", revision: 3, status: "error" });
  });

  test("a plain Error is a defect, reported as calculation_failed by its class, not its message (which may quote birth data)", () => {
    const thrown = new RangeError("no table row for 1879-03-14 11:30");
    const decision = decideCalculation(failing(thrown), JOB, CONFIG, NOW, SOURCE);
    expect(decision.defect).toBe(thrown);
    expect(decision.profile.status).toBe("error");
    expect(decision.profile.error).toEqual({ error: "calculation_failed", message: "RangeError in the calculation" });
    expect(JSON.stringify(decision.events)).not.toContain("1879");
    expect(decision.events.map((event) => event.type)).toEqual(["module.error", "module.profile.calculated"]);
  });

  test("a module's error that quotes the birth data reaches neither the profile nor module.error with it", () => {
    const thrown = new ValidationError("no value for Lovelace born 1815-12-10", [{ path: "name", message: "Ada has no value" }]);
    const decision = decideCalculation(failing(thrown), JOB, CONFIG, NOW, SOURCE);
    expect(decision.profile.error).toEqual({
      error: "invalid_input",
      message: "no value for [redacted] born [redacted]",
      issues: [{ path: "name", message: "[redacted] has no value" }],
    });
    expect(JSON.stringify(decision.events)).not.toMatch(/Ada|Lovelace|1815/);
  });

  test("a thrown non-error becomes a defect Error with its text", () => {
    const decision = decideCalculation(failing("bare string"), JOB, CONFIG, NOW, SOURCE);
    expect(decision.defect).toBeInstanceOf(Error);
    expect(decision.defect?.message).toBe("bare string");
  });

  test("data outside the module's schema is a defect, never an ok profile", () => {
    const module = echoModule({ calculate: () => ({ data: { year: 0.5, scaled: 1 }, insights: [], confidence: 1, accuracy: "full" }) });
    const decision = decideCalculation(module, JOB, CONFIG, NOW, SOURCE);
    expect(decision.profile.status).toBe("error");
    expect(decision.defect).toBeInstanceOf(Error);
  });

  test("event ids derive from the source event, so a redelivery repeats them", () => {
    const first = decideCalculation(echoModule(), JOB, CONFIG, NOW, SOURCE);
    const again = decideCalculation(echoModule(), JOB, CONFIG, new Date(NOW.getTime() + 60_000), SOURCE);
    expect(again.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    const other = decideCalculation(echoModule(), { ...JOB, eventId: "evt-10" }, CONFIG, NOW, SOURCE);
    expect(other.events[0]?.id).toBe("evt-10:echo:module.profile.calculated");
  });

  test("no correlation id is set when the job has none", () => {
    const { correlationId: _correlationId, ...uncorrelated } = JOB;
    const decision = decideCalculation(echoModule(), uncorrelated, CONFIG, NOW, SOURCE);
    expect(Object.keys(decision.events[0] ?? {})).not.toContain("correlationid");
  });
});
