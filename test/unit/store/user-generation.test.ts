import { describe, expect, test } from "bun:test";
import { birthEventId, generationOfBirthEvent, replaceableBy } from "../../../store/user-generation.ts";

describe("a user's generation in revision event ids", () => {
  test("the creation time is read back from every revision's id, to the millisecond", () => {
    for (const created of [new Date("2026-12-02T14:21:30.783Z"), new Date(0), new Date("1999-01-01T00:00:00.001Z")]) {
      for (const revision of [1, 2, 130]) expect(generationOfBirthEvent(birthEventId("ada", revision, created))).toEqual(created);
    }
  });

  test("user ids with dots, slashes or revision-like parts do not confuse it", () => {
    const created = new Date("2026-01-02T03:04:05.006Z");
    expect(generationOfBirthEvent(birthEventId("a.b/r2.zz", 7, created))).toEqual(created);
  });

  test("ids GUTTERS did not make have no generation", () => {
    for (const id of ["evt-9", "ada/r0.mx67s273", "ada/r1.", "ada/r1.MX67", "ada/rx.mx67", "ada/r1.mx67s273/x", "ada/r1.zzzzzzzzzzzzz"]) {
      expect(generationOfBirthEvent(id)).toBeNull();
    }
  });
});

describe("which stored document a write may replace", () => {
  const g1 = new Date(1000);
  const g2 = new Date(2000);
  test("an earlier generation, or an earlier revision of the same one, or an older document by revision alone", () => {
    expect(replaceableBy(g2, "revision", 3)).toEqual({
      $or: [
        { user_created_at: { $lt: g2 } },
        { user_created_at: g2, revision: { $lt: 3 } },
        { user_created_at: { $exists: false }, revision: { $lt: 3 } },
      ],
    });
    expect(replaceableBy(g1, "source_revision", 1).$or).toContainEqual({ user_created_at: g1, source_revision: { $lt: 1 } });
  });
});
