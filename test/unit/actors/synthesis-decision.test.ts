import { describe, expect, test } from "bun:test";
import { decideSynthesis, INSIGHTS_PER_MODULE } from "../../../actors/synthesis-decision.ts";
import type { ProfileDocument, UserHead } from "../../../store/user-store.ts";

const NOW = new Date("2026-04-05T06:07:08.000Z");
const EARLIER = new Date("2026-04-01T00:00:00.000Z");

const USER: UserHead = {
  _id: "u1",
  revision: 2,
  birth_event_id: "evt-2",
  birth_event_time: EARLIER,
  created_at: EARLIER,
};

function okProfile(module: string, sourceEventId = "evt-2", insights: string[] = [`${module} insight`]): ProfileDocument {
  return {
    user_id: "u1",
    module,
    source_event_id: sourceEventId,
    source_event_time: EARLIER,
    source_revision: sourceEventId === "evt-2" ? 2 : 1,
    status: "ok",
    stored_at: EARLIER,
    layer: "calculation",
    version: "1.0.0",
    data: { value: module },
    insights,
    metadata: { confidence: 1, accuracy: "full", calculated_at: EARLIER.toISOString(), config_version: 1, notes: [] },
  };
}

function errorProfile(module: string): ProfileDocument {
  return {
    user_id: "u1",
    module,
    source_event_id: "evt-2",
    source_event_time: EARLIER,
    source_revision: 2,
    status: "error",
    stored_at: EARLIER,
    layer: "calculation",
    version: "1.0.0",
    error: { error: "invalid_input", message: "needs a name" },
  };
}

describe("decideSynthesis", () => {
  test("pending while a module has no profile, in the expected order", () => {
    expect(decideSynthesis(USER, [okProfile("b")], ["a", "b", "c"], NOW)).toEqual({
      status: "pending",
      modules_done: ["b"],
      modules_pending: ["a", "c"],
    });
  });

  test("a profile of older birth data counts as pending", () => {
    expect(decideSynthesis(USER, [okProfile("a"), okProfile("b", "evt-1")], ["a", "b"], NOW)).toEqual({
      status: "pending",
      modules_done: ["a"],
      modules_pending: ["b"],
    });
  });

  test("profiles of modules not expected are ignored", () => {
    const decision = decideSynthesis(USER, [okProfile("a"), okProfile("z")], ["a"], NOW);
    expect(decision.status).toBe("complete");
    if (decision.status === "complete") expect(Object.keys(decision.synthesis.modules)).toEqual(["a"]);
  });

  test("complete once every expected module answered the current event", () => {
    const decision = decideSynthesis(USER, [okProfile("b"), okProfile("a", "evt-1"), okProfile("a")], ["a", "b"], NOW);
    expect(decision).toEqual({
      status: "complete",
      synthesis: {
        user_id: "u1",
        revision: 2,
        user_created_at: EARLIER,
        source_event_id: "evt-2",
        source_event_time: EARLIER,
        generated_at: NOW,
        modules: {
          a: {
            module: "a",
            layer: "calculation",
            version: "1.0.0",
            data: { value: "a" },
            insights: ["a insight"],
            metadata: okProfile("a").metadata as NonNullable<ProfileDocument["metadata"]>,
          },
          b: {
            module: "b",
            layer: "calculation",
            version: "1.0.0",
            data: { value: "b" },
            insights: ["b insight"],
            metadata: okProfile("b").metadata as NonNullable<ProfileDocument["metadata"]>,
          },
        },
        insights: ["a insight", "b insight"],
        errors: [],
      },
    });
  });

  test("error profiles complete the synthesis but go to errors, not modules", () => {
    const decision = decideSynthesis(USER, [okProfile("a"), errorProfile("b")], ["a", "b"], NOW);
    if (decision.status !== "complete") throw new Error(`expected complete, got ${decision.status}`);
    expect(Object.keys(decision.synthesis.modules)).toEqual(["a"]);
    expect(decision.synthesis.errors).toEqual([{ module: "b", error: "invalid_input", message: "needs a name" }]);
    expect(decision.synthesis.insights).toEqual(["a insight"]);
  });

  test("an ok profile without data is reported as an error with generic wording", () => {
    const { data: _data, ...withoutData } = okProfile("a");
    const decision = decideSynthesis(USER, [withoutData], ["a"], NOW);
    if (decision.status !== "complete") throw new Error(`expected complete, got ${decision.status}`);
    expect(decision.synthesis.errors).toEqual([{ module: "a", error: "error", message: "failed" }]);
  });

  test(`carries at most ${INSIGHTS_PER_MODULE} insights per module forward`, () => {
    const many = Array.from({ length: INSIGHTS_PER_MODULE + 3 }, (_, index) => `a${index}`);
    const decision = decideSynthesis(USER, [okProfile("a", "evt-2", many), okProfile("b")], ["a", "b"], NOW);
    if (decision.status !== "complete") throw new Error(`expected complete, got ${decision.status}`);
    expect(decision.synthesis.insights).toEqual([...many.slice(0, INSIGHTS_PER_MODULE), "b insight"]);
    expect(decision.synthesis.modules.a?.insights).toEqual(many);
  });

  test("no expected modules gives an empty complete synthesis", () => {
    const decision = decideSynthesis(USER, [], [], NOW);
    expect(decision).toMatchObject({ status: "complete", synthesis: { modules: {}, insights: [], errors: [] } });
  });
});
