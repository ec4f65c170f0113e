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

describe("pages for people and GET /v1/nodes", () => {
  test("/inspect and /docs are static HTML; only their own files are served", async () => {
    for (const path of ["/inspect", "/docs"]) {
      const page = await request(system, "GET", path);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toStartWith("text/html");
    }
    expect((await request(system, "GET", "/inspect/inspect.js")).headers.get("content-type")).toStartWith("text/javascript");
    expect((await request(system, "GET", "/docs/assets/swagger-ui-bundle.js")).status).toBe(200);
    for (const path of ["/inspect/package.json", "/docs/assets/index.html", "/inspect/..%2F..%2Fpackage.json", "/inspect/constructor", "/docs/__proto__"]) {
      const response = await request(system, "GET", path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: string }).error).toBe("not_found");
    }
  });

  test("GET /v1/nodes lists this node first, online, with its actors", async () => {
    const body = (await (await request(system, "GET", "/v1/nodes")).json()) as { node: string; nodes: { id: string; presence: string; actors: { module: string }[] }[] };
    expect(body.node).toBe(system.nodeId);
    expect(body.nodes[0]?.id).toBe(system.nodeId);
    expect(body.nodes[0]?.presence).toBe("online");
    expect(body.nodes[0]?.actors.map((actor) => actor.module).sort()).toEqual(["astrology", "human_design", "numerology"]);
  });
});
