import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Leases } from "../../store/leases.ts";
import { birthEventId } from "../../store/user-generation.ts";
import { type ProfileDocument, UserStore } from "../../store/user-store.ts";
import { BirthDataSchema } from "../../modules/birth-data.ts";
import { EINSTEIN, scratchDatabase, uniqueName } from "../support/services.ts";

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let users: UserStore;
const BIRTH = BirthDataSchema.parse(EINSTEIN);
const FIRST = new Date("2026-12-01T10:00:00.000Z");
const SECOND = new Date("2026-12-01T10:00:00.250Z");

beforeAll(async () => {
  scratch = await scratchDatabase("generations");
  users = new UserStore(scratch.database.db, ["echo"], new Leases(scratch.database.db, { leaseMs: 5_000, waitMs: 5_000 }));
}, 30_000);
afterAll(() => scratch.drop());

const profile = (userId: string, createdAt: Date, revision: number, value: string): ProfileDocument & { user_created_at: Date } => ({
  user_id: userId,
  module: "echo",
  source_event_id: birthEventId(userId, revision, createdAt),
  source_event_time: createdAt,
  source_revision: revision,
  user_created_at: createdAt,
  status: "ok",
  data: { value },
  stored_at: createdAt,
});

describe("profiles are ordered by generation, then revision, on FerretDB", () => {
  test("a late answer of an erased user never replaces, nor blocks, the answer of the user created under the id since", async () => {
    const id = uniqueName("gen");
    // The erased user's late answer to revision 3 lands first: the new user's revision 1 still replaces it.
    expect(await users.putProfile(profile(id, FIRST, 3, "erased"))).toBe("stored");
    expect(await users.putProfile(profile(id, SECOND, 1, "new"))).toBe("stored");
    // And one that lands after changes nothing.
    expect(await users.putProfile(profile(id, FIRST, 4, "erased"))).toBe("older");
    expect((await users.getProfile(id, "echo"))?.data).toEqual({ value: "new" });
    // A redelivery of the stored answer is told apart from an older one.
    expect(await users.putProfile(profile(id, SECOND, 1, "new"))).toBe("same");
    expect(await users.putProfile(profile(id, SECOND, 2, "newer"))).toBe("stored");
    expect(await users.putProfile(profile(id, SECOND, 1, "new"))).toBe("older");
  });

  test("a profile stored before generations were recorded is ordered by revision alone", async () => {
    const id = uniqueName("legacy");
    const { user_created_at: _, ...legacy } = profile(id, FIRST, 2, "legacy");
    await scratch.database.db.collection("profiles").insertOne({ _id: `${id}:echo` as never, ...legacy });
    expect(await users.putProfile(profile(id, FIRST, 1, "older"))).toBe("older");
    expect(await users.putProfile(profile(id, FIRST, 3, "next"))).toBe("stored");
    expect((await users.getProfile(id, "echo"))?.data).toEqual({ value: "next" });
  });

  test("a synthesis of an erased user never replaces the synthesis of the user created under the id since", async () => {
    const id = uniqueName("synth");
    const synthesis = (createdAt: Date, revision: number) => ({
      user_id: id,
      revision,
      user_created_at: createdAt,
      source_event_id: birthEventId(id, revision, createdAt),
      source_event_time: createdAt,
      generated_at: createdAt,
      modules: {},
      insights: [],
      errors: [],
    });
    expect(await users.putSynthesisIfNewer(synthesis(FIRST, 5))).toBe(true);
    expect(await users.putSynthesisIfNewer(synthesis(SECOND, 1))).toBe(true);
    expect(await users.putSynthesisIfNewer(synthesis(FIRST, 6))).toBe(false);
    expect(await users.synthesisSource(id)).toBe(birthEventId(id, 1, SECOND));
    // Removing the erased user's synthesis by its source leaves the new user's in place.
    await users.deleteSynthesis(id, birthEventId(id, 6, FIRST));
    expect(await users.synthesisSource(id)).toBe(birthEventId(id, 1, SECOND));
  });

  test("an erasure of an earlier generation leaves the user created under the id since, and all of theirs", async () => {
    const id = uniqueName("erase");
    await users.applyBirth(id, BIRTH, FIRST);
    const erased = await users.eraseUser(id);
    expect(erased.createdAt).toEqual(FIRST);
    await users.applyBirth(id, BIRTH, SECOND);
    await users.putProfile(profile(id, SECOND, 1, "new"));
    // The first erasure's announcement reaches a node after the id was taken again.
    expect(await users.eraseUser(id, FIRST)).toEqual({ removed: 0, createdAt: null });
    expect(await users.sweepErased(id)).toBe(0);
    expect(await users.userCreatedAt(id)).toEqual(SECOND);
    expect((await users.getProfile(id, "echo"))?.data).toEqual({ value: "new" });
    // An erasure of the current generation removes it.
    expect((await users.eraseUser(id, SECOND)).createdAt).toEqual(SECOND);
    expect(await users.getProfile(id, "echo")).toBeNull();
  });
});
