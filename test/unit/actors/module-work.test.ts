import { describe, expect, test } from "bun:test";
import { completesRevision } from "../../../actors/module-work.ts";

/** Profiles by module: the revision event each last answered (absent: none yet), counting the reads. */
function profiles(answered: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    users: {
      profileSources: async (_userId: string, modules: readonly string[]) =>
        modules.map((module) => (reads.push(module), answered[module] ?? null)),
    },
  };
}
const R2 = "u1/r2.mb1";
const job = { userId: "u1", eventId: R2 };

describe("whether an answer completes its revision", () => {
  test("complete when every other module answered the same revision", async () => {
    const store = profiles({ astrology: R2, human_design: R2 });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(true);
    expect(store.reads).toEqual(["astrology", "human_design"]);
  });

  test("the first module that has not answered ends the search: one read, not one per module", async () => {
    const store = profiles({ human_design: R2 });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(false);
    expect(store.reads).toEqual(["astrology"]);
  });

  test("an answer to an older revision does not count", async () => {
    const store = profiles({ astrology: R2, human_design: "u1/r1.mb1" });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(false);
  });

  test("an answer to the same revision of a user erased before (another generation) does not count", async () => {
    const store = profiles({ astrology: R2, human_design: "u1/r2.ma0" });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(false);
  });

  test("a module alone completes its revision with no read", async () => {
    const store = profiles({});
    expect(await completesRevision(store.users, job, [])).toBe(true);
    expect(store.reads).toEqual([]);
  });
});
