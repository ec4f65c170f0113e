import { describe, expect, test } from "bun:test";
import { Reconciler, type ReconcilerDeps } from "../../../actors/reconciler.ts";
import { createLogger } from "../../../core/logger.ts";
import type { UserHead } from "../../../store/user-store.ts";

const NOW = new Date("2026-12-02T00:00:00Z");
const user = (id: string, revision: number): UserHead => ({
  _id: id,
  revision,
  birth_event_id: `${id}/r${revision}`,
  birth_event_time: NOW,
  created_at: NOW,
  pending_since: new Date(NOW.getTime() - 120_000),
});

/** A reconciler over an in-memory list of pending users and their answers. */
function harness(options: { busy?: boolean; answered: Record<string, string[]> }) {
  const synthesized: string[] = [];
  const reissued: string[] = [];
  const pending = Object.keys(options.answered).map((id) => user(id, 2));
  const deps: ReconcilerDeps = {
    users: {
      pendingUsers: async () => pending,
      claimPending: async () => true,
      profileHeads: async (id) => (options.answered[id] ?? []).map((module) => ({ module, source_revision: 2 })),
    },
    expectedModules: ["a", "b"],
    logger: createLogger("silent"),
    now: () => NOW,
    graceMs: 60_000,
    intervalMs: 60_000,
    batch: 10,
    maxDeferrals: 2,
    synthesize: (head) => synthesized.push(head._id),
    reissue: async (head) => {
      reissued.push(head._id);
    },
    busy: () => options.busy ?? false,
  };
  return { reconciler: new Reconciler(deps), synthesized, reissued };
}

describe("reconciler rounds", () => {
  test("a user every module answered gets its synthesis; one with a missing answer gets its revision again", async () => {
    const { reconciler, synthesized, reissued } = harness({ answered: { done: ["a", "b"], half: ["a"], none: [] } });
    await reconciler.runOnce();
    expect(synthesized).toEqual(["done"]);
    expect(reissued).toEqual(["half", "none"]);
    expect(reconciler.counts).toMatchObject({ runs: 1, found: 3, synthesized: 1, reissued: 2, deferred: 0 });
  });

  test("a busy node skips rounds instead of re-issuing work that is most likely still queued, but not forever", async () => {
    const { reconciler, synthesized, reissued } = harness({ busy: true, answered: { half: ["a"] } });
    await reconciler.runOnce();
    await reconciler.runOnce();
    expect([synthesized, reissued]).toEqual([[], []]);
    expect(reconciler.counts).toMatchObject({ runs: 0, deferred: 2 });
    // The third busy round in a row runs: stranded work is found even under constant traffic.
    await reconciler.runOnce();
    expect(reissued).toEqual(["half"]);
    expect(reconciler.counts).toMatchObject({ runs: 1, deferred: 2 });
  });
});
