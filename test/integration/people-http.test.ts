import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EINSTEIN, request, startTestSystem, type TestSystem } from "../support/services.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system.dispose();
});

// Europe/Berlin: 2021-10-31 02:30 happened twice (03:00 CEST → 02:00 CET), 2021-03-28 02:30 never happened.
const AMBIGUOUS = { ...EINSTEIN, date: "2021-10-31", time: "02:30" };
const SKIPPED = { ...EINSTEIN, date: "2021-03-28", time: "02:30" };

describe("birth times the zone skipped or repeated are refused when the user is stored", () => {
  test("POST /v1/users with an ambiguous local time is a 400 naming time, like POST /v1/calc", async () => {
    for (const path of ["/v1/users", "/v1/calc/astrology"]) {
      const response = await request(system, "POST", path, AMBIGUOUS);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; issues: { path: string }[] };
      expect(body.error).toBe("invalid_input");
      expect(body.issues.map((issue) => issue.path)).toEqual(["time"]);
    }
  });

  test("PUT /v1/users/:id with a skipped local time is a 400 and stores nothing", async () => {
    const response = await request(system, "PUT", "/v1/users/dst-skipped", SKIPPED);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("time");
    expect((await request(system, "GET", "/v1/users/dst-skipped")).status).toBe(404);
  });

  test("utc_offset settles the same wall-clock time, so it is accepted", async () => {
    const response = await request(system, "POST", "/v1/users", { ...AMBIGUOUS, utc_offset: "+01:00" });
    expect(response.status).toBe(201);
  });
});
