import { describe, expect, test } from "bun:test";
import { EarlyMessages } from "../../../bus/early-messages.ts";

function setup(waitMs = 1000) {
  const handlers = new Set<string>();
  const delivered: string[] = [];
  const acknowledged: string[] = [];
  let active = true;
  const early = new EarlyMessages<string>({
    waitMs,
    handOverDelayMs: 5,
    hasHandlers: (topic) => handlers.has(topic),
    deliver: (topic) => delivered.push(topic),
    active: () => active,
  });
  const hold = (topic: string) => early.hold(topic, () => acknowledged.push(topic));
  return { early, handlers, delivered, acknowledged, hold, stop: () => (active = false) };
}

describe("messages that came before their handlers", () => {
  test("are handed over once the handlers are in place, and only then; afterwards none waits", async () => {
    const s = setup();
    expect(s.early.waiting).toBe(true);
    s.hold("a");
    s.hold("b");
    s.handlers.add("a");
    s.early.handlersChanged();
    s.handlers.add("b");
    s.early.handlersChanged();
    expect(s.delivered).toEqual([]);
    await Bun.sleep(20);
    expect(s.delivered).toEqual(["a", "b"]);
    expect(s.acknowledged).toEqual([]);
    expect(s.early.waiting).toBe(false);
  });

  test("one no handler wants is acknowledged unhandled after the wait", async () => {
    const s = setup(10);
    s.hold("orphan");
    await Bun.sleep(30);
    expect(s.acknowledged).toEqual(["orphan"]);
    expect(s.early.size).toBe(0);
  });

  test("forgotten on a dropped connection or a stop: neither handed over nor acknowledged", async () => {
    const s = setup(10);
    s.hold("a");
    s.early.forget();
    s.hold("b");
    s.stop();
    s.handlers.add("b");
    s.early.handlersChanged();
    await Bun.sleep(30);
    expect(s.delivered).toEqual([]);
    expect(s.acknowledged).toEqual([]);
  });
});
