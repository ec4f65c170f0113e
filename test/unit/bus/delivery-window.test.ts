import { describe, expect, test } from "bun:test";
import { DeliveryWindow } from "../../../bus/delivery-window.ts";

/** A handler the test finishes by hand. */
function gate() {
  let open: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the messages a subscriber has in hand", () => {
  test("runs up to `concurrency` handlers at once, the rest in the order received, and keeps reading", async () => {
    const window = new DeliveryWindow({ concurrency: 2, buffered: 10 });
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const acknowledged: number[] = [];
    let reads = 0;
    gates.forEach((g, index) =>
      window.accept(
        () => {
          started.push(index);
          return g.done;
        },
        () => acknowledged.push(index),
        () => (reads += 1),
      ),
    );
    expect(started).toEqual([0, 1]);
    expect(reads).toBe(3);
    expect(window.inHand).toBe(3);
    gates[1]?.open();
    await settle();
    expect(acknowledged).toEqual([1]);
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.open();
    gates[2]?.open();
    await window.drained();
    expect(acknowledged.sort()).toEqual([0, 1, 2]);
    expect(window.lastHandledAt()).toBeGreaterThan(0);
  });

  test("stops reading past `buffered` and reads on once a handler is done", async () => {
    const window = new DeliveryWindow({ concurrency: 1, buffered: 2 });
    const first = gate();
    let reads = 0;
    window.accept(() => first.done, () => undefined, () => (reads += 1));
    window.accept(() => Promise.resolve(), () => undefined, () => (reads += 1));
    window.accept(() => Promise.resolve(), () => undefined, () => (reads += 1));
    expect(reads).toBe(2);
    first.open();
    await window.drained();
    expect(reads).toBe(3);
  });

  test("paused: waiting messages are let go unacknowledged, running ones finish and are acknowledged", async () => {
    const window = new DeliveryWindow({ concurrency: 1, buffered: 10 });
    const running = gate();
    const acknowledged: string[] = [];
    let waitingStarted = false;
    window.accept(() => running.done, () => acknowledged.push("running"), () => undefined);
    window.accept(
      () => {
        waitingStarted = true;
        return Promise.resolve();
      },
      () => acknowledged.push("waiting"),
      () => undefined,
    );
    window.pause();
    expect(window.inHand).toBe(1);
    const drained = window.drained();
    running.open();
    await drained;
    expect(acknowledged).toEqual(["running"]);
    expect(waitingStarted).toBe(false);
  });

  test("a handler that rejects is still acknowledged (its failure is the reconciler's)", async () => {
    const window = new DeliveryWindow({ concurrency: 1, buffered: 1 });
    let acknowledged = false;
    window.accept(() => Promise.reject(new Error("stored nothing")), () => (acknowledged = true), () => undefined);
    await window.drained();
    expect(acknowledged).toBe(true);
  });
});
