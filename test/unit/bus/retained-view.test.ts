import { expect, test } from "bun:test";
import { RETAINED_VIEW_LIMITS, RetainedView } from "../../../bus/retained-view.ts";
import { topicsFor } from "../../../core/events.ts";

const topics = topicsFor("g/v1");
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const summary = (module: string, state = "ready") => ({ id: `module.${module}`, module, layer: "calculation", state, status: "ok", restarts: 0, queue_length: 0 });
const at = new Date("2026-12-01T12:00:00Z");

test("folds presence and actor summaries into nodes; an empty retained payload clears what it names", () => {
  const view = new RetainedView(topics, () => at);
  view.receive(topics.node("b"), encode("online"));
  view.receive(topics.actor("b", "module.numerology"), encode(summary("numerology", "working")));
  view.receive(topics.actor("b", "module.astrology"), encode(summary("astrology")));
  view.receive(topics.actor("b", "module.astrology"), encode(""));
  view.receive(topics.node("c"), encode("offline"));
  expect(view.view()).toEqual([
    { id: "b", presence: "online", seen_at: at.toISOString(), actors: [summary("numerology", "working")] },
    { id: "c", presence: "offline", seen_at: at.toISOString(), actors: [] },
  ]);
  view.receive(topics.node("c"), encode(""));
  expect(view.view().map((node) => node.id)).toEqual(["b"]);
});

test("ignores what is not a summary, and stays within its bounds", () => {
  const view = new RetainedView(topics, () => at);
  view.receive(topics.actor("b", "x"), encode("not json"));
  view.receive(topics.actor("b", "y"), encode({ id: 1 }));
  view.receive("g/v1/actors/b", encode(summary("numerology")));
  view.receive(topics.actor("b", "z"), new Uint8Array(RETAINED_VIEW_LIMITS.payloadBytes + 1));
  expect(view.view()).toEqual([{ id: "b", presence: "unknown", seen_at: at.toISOString(), actors: [] }]);
  for (let index = 0; index < RETAINED_VIEW_LIMITS.nodes + 10; index++) view.receive(topics.node(`n${index}`), encode("online"));
  expect(view.view()).toHaveLength(RETAINED_VIEW_LIMITS.nodes);
  for (let index = 0; index < RETAINED_VIEW_LIMITS.actorsPerNode + 10; index++) view.receive(topics.actor("b", `a${index}`), encode(summary(`m${index}`)));
  expect(view.view().find((node) => node.id === "b")?.actors).toHaveLength(RETAINED_VIEW_LIMITS.actorsPerNode);
});

test("this node's live summaries replace what the broker last held for it and come first", () => {
  const view = new RetainedView(topics, () => at);
  view.receive(topics.actor("a", "module.numerology"), encode(summary("numerology", "loading")));
  view.receive(topics.node("0"), encode("online"));
  const nodes = view.view({ id: "a", actors: [summary("numerology", "working")] });
  expect(nodes.map((node) => node.id)).toEqual(["a", "0"]);
  expect(nodes[0]?.actors[0]?.state).toBe("working");
});
