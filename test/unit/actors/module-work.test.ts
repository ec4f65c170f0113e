import { describe, expect, test } from "bun:test";
import { completesRevision } from "../../../actors/module-work.ts";

/** Profiles by module: the revision each last answered (absent: none yet), counting the reads. */
function profiles(answered: Record<string, number>) {
  const reads: string[] = [];
  return {
    reads,
    users: {
      profileRevisions: async (_userId: string, modules: readonly string[]) =>
        modules.map((module) => (reads.push(module), answered[module] ?? null)),
    },
  };
}
const job = { userId: "u1", revision: 2 };

describe("whether an answer completes its revision", () => {
  test("complete when every other module answered the same revision", async () => {
    const store = profiles({ astrology: 2, human_design: 2 });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(true);
    expect(store.reads).toEqual(["astrology", "human_design"]);
  });

  test("the first module that has not answered ends the search: one read, not one per module", async () => {
    const store = profiles({ human_design: 2 });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(false);
    expect(store.reads).toEqual(["astrology"]);
  });

  test("an answer to an older revision does not count", async () => {
    const store = profiles({ astrology: 2, human_design: 1 });
    expect(await completesRevision(store.users, job, ["astrology", "human_design"])).toBe(false);
  });

  test("a module alone completes its revision with no read", async () => {
    const store = profiles({});
    expect(await completesRevision(store.users, job, [])).toBe(true);
    expect(store.reads).toEqual([]);
  });
});
