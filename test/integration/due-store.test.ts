import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DueStore, EVERYONE } from "../../store/due-store.ts";
import { Leases } from "../../store/leases.ts";
import { UserStore } from "../../store/user-store.ts";
import { BirthDataSchema } from "../../modules/birth-data.ts";
import { EINSTEIN, scratchDatabase } from "../support/services.ts";

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let due: DueStore;
let users: UserStore;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

beforeAll(async () => {
  scratch = await scratchDatabase("due");
  const leases = new Leases(scratch.database.db, { leaseMs: 5_000, waitMs: 5_000 });
  due = new DueStore(scratch.database.db, leases);
  users = new UserStore(scratch.database.db, [], leases);
}, 30_000);
afterAll(() => scratch.drop());

describe("marks of due work on FerretDB", () => {
  test("work is due since its oldest mark; a run clears the marks made before it started, not those after", async () => {
    await due.mark("observe", "ada", at(10));
    await due.mark("observe", "ada", at(5));
    await due.mark("observe", "ada", at(20));
    expect(await due.overdue("observe", at(6), 10)).toEqual(["ada"]);
    expect(await due.overdue("observe", at(5), 10)).toEqual([]);
    // A run that started at 15 s may not have seen the entry marked at 20 s: that mark stays, due since 20 s.
    await due.clear("observe", "ada", at(15));
    expect(await due.overdue("observe", at(19), 10)).toEqual([]);
    expect(await due.overdue("observe", at(21), 10)).toEqual(["ada"]);
    await due.clear("observe", "ada", at(20));
    expect(await due.overdue("observe", at(60), 10)).toEqual([]);
  });

  test("a burst of marks of the same work at once loses none: due since the first, cleared only past the last", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => due.mark("observe", "burst", at(100 + i))));
    expect(await due.overdue("observe", at(101), 10)).toEqual(["burst"]);
    await due.clear("observe", "burst", at(118));
    expect(await due.overdue("observe", at(119), 10)).toEqual([]);
    expect(await due.overdue("observe", at(120), 10)).toEqual(["burst"]);
    await due.clear("observe", "burst", at(119));
    expect(await due.overdue("observe", at(200), 10)).toEqual([]);
  });

  test("overdue lists one kind's people, oldest first, at most `limit`; the mark for everyone is apart", async () => {
    await due.mark("context", "late", at(30));
    await due.mark("context", "early", at(1));
    await due.mark("context", "middle", at(15));
    await due.mark("observe", "other-kind", at(0));
    await due.mark("context", EVERYONE, at(2));
    await due.mark("context", EVERYONE, at(40));
    expect(await due.overdue("context", at(100), 2)).toEqual(["early", "middle"]);
    expect(await due.everyoneMark("context")).toEqual({ due_since: at(2), marked_at: at(40) });
    expect(await due.everyoneMark("observe")).toBeNull();
    await due.clear("context", EVERYONE, at(39));
    expect(await due.everyoneMark("context")).not.toBeNull();
    await due.clear("context", EVERYONE, at(40));
    expect(await due.everyoneMark("context")).toBeNull();
    await due.mark("context", "early", at(50));
    expect(await due.deleteUser("early")).toBe(2);
    expect(await due.overdue("context", at(100), 10)).toEqual(["middle", "late"]);
  });

  test("users are stale for a kind until their work is current as of a later instant; the observer covers journal writers only", async () => {
    for (const id of ["u-journal", "u-quiet"]) await users.createUser(id, BirthDataSchema.parse(EINSTEIN), at(0));
    await due.journalWritten("u-journal", at(3));
    expect((await due.staleUsers("context", at(10), 10)).sort()).toEqual(["u-journal", "u-quiet"]);
    expect(await due.staleUsers("observe", at(10), 10)).toEqual(["u-journal"]);
    await due.currentAsOf("u-journal", "observe", at(12));
    // An older instant never moves it back.
    await due.currentAsOf("u-journal", "observe", at(4));
    expect(await due.staleUsers("observe", at(10), 10)).toEqual([]);
    expect(await due.staleUsers("observe", at(13), 10)).toEqual(["u-journal"]);
    await due.currentAsOf("u-quiet", "context", at(12));
    expect(await due.staleUsers("context", at(10), 10)).toEqual(["u-journal"]);
  });
});
