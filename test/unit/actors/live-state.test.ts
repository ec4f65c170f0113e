import { describe, expect, test } from "bun:test";
import { assign, createActor, setup } from "xstate";
import { LiveState, type SanitizedInspection } from "../../../actors/live-state.ts";

const INTERVAL_MS = 20;

interface Summary {
  state: string;
}

/** A LiveState whose publishes are recorded; `nextPublish()` resolves on the next one. */
function recorder(maxListeners = 4) {
  const published: [string, Summary][] = [];
  let waiting: (() => void) | undefined;
  const live = new LiveState<Summary>({
    intervalMs: INTERVAL_MS,
    maxListeners,
    publish: (actorId, summary) => {
      published.push([actorId, summary]);
      waiting?.();
      waiting = undefined;
    },
  });
  const nextPublish = () =>
    new Promise<void>((resolve) => {
      waiting = resolve;
    });
  return { live, published, nextPublish };
}

/**
 * Resolves once every timer started before the call with the same delay has fired: timers of equal delay
 * fire in creation order. Used only to prove that nothing more was published.
 */
const afterPendingTimers = () => new Promise<void>((resolve) => setTimeout(resolve, INTERVAL_MS));

describe("LiveState throttle", () => {
  test("the first change is published at once", () => {
    const { live, published } = recorder();
    live.changed("a", { state: "loading" });
    expect(published).toEqual([["a", { state: "loading" }]]);
    live.stop();
  });

  test("changes inside the interval are coalesced and the latest goes out after it", async () => {
    const { live, published, nextPublish } = recorder();
    live.changed("a", { state: "loading" });
    live.changed("a", { state: "ready" });
    live.changed("a", { state: "working" });
    expect(published).toHaveLength(1);
    const started = performance.now();
    await nextPublish();
    // Timers may fire a little early on some platforms; half the interval is the floor that matters.
    expect(performance.now() - started).toBeGreaterThanOrEqual(INTERVAL_MS / 2);
    expect(published).toEqual([
      ["a", { state: "loading" }],
      ["a", { state: "working" }],
    ]);
    live.stop();
  });

  test("actors are throttled separately", () => {
    const { live, published } = recorder();
    live.changed("a", { state: "loading" });
    live.changed("b", { state: "loading" });
    expect(published.map(([id]) => id)).toEqual(["a", "b"]);
    live.stop();
  });

  test("an unchanged summary is not sent again", async () => {
    const { live, published } = recorder();
    live.changed("a", { state: "ready" });
    live.changed("a", { state: "ready" });
    await afterPendingTimers();
    live.changed("a", { state: "ready" });
    await afterPendingTimers();
    expect(published).toEqual([["a", { state: "ready" }]]);
    live.stop();
  });

  test("a change that returns to the published summary before the interval ends sends nothing", async () => {
    const { live, published } = recorder();
    live.changed("a", { state: "ready" });
    live.changed("a", { state: "working" });
    live.changed("a", { state: "ready" });
    await afterPendingTimers();
    expect(published).toEqual([["a", { state: "ready" }]]);
    live.stop();
  });

  test("after a quiet interval the next change goes out at once", async () => {
    const { live, published } = recorder();
    live.changed("a", { state: "ready" });
    await afterPendingTimers();
    live.changed("a", { state: "working" });
    expect(published).toEqual([
      ["a", { state: "ready" }],
      ["a", { state: "working" }],
    ]);
    live.stop();
  });

  test("stop() flushes what is pending at once and leaves no timer behind", async () => {
    const { live, published } = recorder();
    live.changed("a", { state: "loading" });
    live.changed("a", { state: "ready" });
    live.changed("b", { state: "loading" });
    live.stop();
    expect(published).toEqual([
      ["a", { state: "loading" }],
      ["b", { state: "loading" }],
      ["a", { state: "ready" }],
    ]);
    live.changed("a", { state: "working" });
    await afterPendingTimers();
    expect(published).toHaveLength(3);
  });
});

describe("LiveState listeners", () => {
  test("refuses a listener beyond the limit, and a freed slot can be reused", () => {
    const { live } = recorder(2);
    const stopFirst = live.listen(() => {});
    live.listen(() => {});
    expect(() => live.listen(() => {})).toThrow("too many live listeners");
    stopFirst();
    expect(() => live.listen(() => {})).not.toThrow();
    live.stop();
  });

  test("listeners get sanitized inspection without context or event payloads", () => {
    const machine = setup({
      types: { context: {} as { secret: string }, events: {} as { type: "go"; birth: string } },
    }).createMachine({
      id: "probe",
      context: { secret: "1815-12-10" },
      initial: "idle",
      states: { idle: { on: { go: { target: "busy", actions: assign({ secret: ({ event }) => event.birth }) } } }, busy: {} },
    });
    const { live } = recorder();
    const seen: SanitizedInspection[] = [];
    live.listen((event) => seen.push(event));
    const actor = createActor(machine, { id: "probe", inspect: (event) => live.inspect(event) });
    actor.start();
    actor.send({ type: "go", birth: "1990-01-01" });
    actor.stop();
    live.stop();

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((event) => event.kind)).not.toContain("microstep");
    expect(seen.map((event) => event.kind)).not.toContain("action");
    expect(seen).toContainEqual(expect.objectContaining({ kind: "event", event_type: "go" }));
    expect(seen).toContainEqual(expect.objectContaining({ kind: "snapshot", event_type: "go", state: "busy" }));
    const text = JSON.stringify(seen);
    expect(text).not.toContain("1990-01-01");
    expect(text).not.toContain("1815-12-10");
    for (const event of seen) expect(Number.isNaN(Date.parse(event.at))).toBe(false);
  });

  test("a listener that unsubscribed hears nothing more", () => {
    const { live } = recorder();
    const heard: string[] = [];
    const stopListening = live.listen((event) => heard.push(event.kind));
    const machine = setup({ types: { events: {} as { type: "ping" } } }).createMachine({ on: { ping: {} } });
    const actor = createActor(machine, { inspect: (event) => live.inspect(event) });
    actor.start();
    actor.send({ type: "ping" });
    const before = heard.length;
    stopListening();
    actor.send({ type: "ping" });
    actor.stop();
    live.stop();
    expect(before).toBeGreaterThan(0);
    expect(heard).toHaveLength(before);
  });
});
