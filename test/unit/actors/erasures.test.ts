import { describe, expect, test } from "bun:test";
import { RecentErasures } from "../../../actors/bounded.ts";
import { erases, splitByErasure } from "../../../actors/erasures.ts";
import { type CalculationJob, supersedes } from "../../../actors/jobs.ts";
import { BIRTH } from "../modules/fixtures.ts";

const FIRST = new Date("2026-12-01T00:00:00.000Z");
const SECOND = new Date("2026-12-01T00:00:00.001Z");
const job = (eventId: string, userId: string, userCreatedAt: Date, revision = 1): CalculationJob => ({
  userId,
  eventId,
  revision,
  userCreatedAt,
  eventTime: "2026-12-01T00:00:00.000Z",
  birth: BIRTH,
});

describe("an erasure removes the generations created up to it, never a user created under the id since", () => {
  test("erases: the same user, created at or before the erased generation", () => {
    const erasure = { userId: "ada", upTo: FIRST };
    expect(erases(erasure, job("a", "ada", FIRST))).toBe(true);
    expect(erases(erasure, job("b", "ada", new Date(FIRST.getTime() - 1)))).toBe(true);
    expect(erases(erasure, job("c", "ada", SECOND))).toBe(false);
    expect(erases(erasure, job("d", "bob", FIRST))).toBe(false);
  });

  test("splitByErasure keeps the order of what it keeps", () => {
    const jobs = [job("a", "ada", FIRST), job("b", "bob", FIRST), job("c", "ada", SECOND), job("d", "ada", FIRST, 2)];
    const { dropped, kept } = splitByErasure(jobs, { userId: "ada", upTo: FIRST });
    expect(dropped.map((j) => j.eventId)).toEqual(["a", "d"]);
    expect(kept.map((j) => j.eventId)).toEqual(["b", "c"]);
  });

  test("RecentErasures remembers the latest erasure of each user, and forgets the oldest user beyond its capacity", () => {
    const erasures = new RecentErasures(2);
    erasures.add({ userId: "ada", upTo: SECOND });
    // A late, older announcement does not shrink what was erased.
    erasures.add({ userId: "ada", upTo: FIRST });
    expect(erasures.covers(job("a", "ada", SECOND))).toBe(true);
    expect(erasures.covers(job("b", "ada", new Date(SECOND.getTime() + 1)))).toBe(false);
    erasures.add({ userId: "bob", upTo: FIRST });
    erasures.add({ userId: "cyd", upTo: FIRST });
    // ada was touched first: forgotten; bob and cyd are remembered.
    expect(erasures.covers(job("c", "ada", FIRST))).toBe(false);
    expect(erasures.covers(job("d", "bob", FIRST))).toBe(true);
    expect(erasures.covers(job("e", "cyd", FIRST))).toBe(true);
  });
});

describe("a later job supersedes a queued one of the same user", () => {
  test("a later revision of the same generation, or any revision of a later generation; never the other way round", () => {
    expect(supersedes(job("b", "ada", FIRST, 2), job("a", "ada", FIRST, 1))).toBe(true);
    expect(supersedes(job("b", "ada", FIRST, 1), job("a", "ada", FIRST, 1))).toBe(true);
    expect(supersedes(job("b", "ada", FIRST, 1), job("a", "ada", FIRST, 2))).toBe(false);
    expect(supersedes(job("b", "ada", SECOND, 1), job("a", "ada", FIRST, 5))).toBe(true);
    // A late job of an erased user never pushes out the job of the user created under the id since.
    expect(supersedes(job("b", "ada", FIRST, 5), job("a", "ada", SECOND, 1))).toBe(false);
    expect(supersedes(job("b", "bob", SECOND, 9), job("a", "ada", FIRST, 1))).toBe(false);
  });
});
