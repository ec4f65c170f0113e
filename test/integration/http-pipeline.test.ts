import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { adminHeaders } from "../support/credentials.ts";
import { MongoClient } from "mongodb";
import { EINSTEIN, eventually, request, startTestSystem, type TestSystem } from "../support/services.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
}, 30_000);
afterAll(async () => {
  await system.dispose();
}, 30_000);

async function synthesisOf(id: string) {
  return eventually(`synthesis of ${id}`, async () => {
    const response = await request(system, "GET", `/v1/users/${id}/synthesis`);
    return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
  });
}

describe("HTTP pipeline over Mosquitto and FerretDB", () => {
  test("POST /v1/users → profile → synthesis with the numerology contribution", async () => {
    const created = await request(system, "POST", "/v1/users", EINSTEIN);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(typeof id).toBe("string");

    const synthesis = (await synthesisOf(id)) as { modules: Record<string, { module: string; data: Record<string, unknown> }> };
    const numerology = synthesis.modules.numerology;
    expect(numerology?.module).toBe("numerology");
    // Albert Einstein 1879-03-14, component method: 3 + 14→5 + 1879→25→7 = 15 → 6.
    expect(numerology?.data.life_path).toBe(6);

    const profile = await request(system, "GET", `/v1/users/${id}/profiles/numerology`);
    expect(profile.status).toBe(200);
    const body = (await profile.json()) as { user_id: string; metadata: { calculated_at: string } };
    expect(body.user_id).toBe(id);
    expect(Number.isNaN(Date.parse(body.metadata.calculated_at))).toBe(false);

    const user = (await (await request(system, "GET", `/v1/users/${id}`)).json()) as { birth: { date: string } };
    expect(user.birth.date).toBe(EINSTEIN.date);
  });

  test("synthesis answers 202 with progress while a module has not answered", async () => {
    // Store the user without publishing the event: the numerology module never hears of it.
    const now = new Date();
    await system.node.users.applyBirth("pending-user", { ...EINSTEIN, calendar: "gregorian" }, now);
    const response = await request(system, "GET", "/v1/users/pending-user/synthesis");
    expect(response.status).toBe(202);
    const expected = system.node.registry.calculationModules().map((module) => module.name);
    expect(await response.json()).toEqual({ status: "pending", modules_done: [], modules_pending: expected });
  });

  test("PUT re-runs the pipeline with the new birth data", async () => {
    const put = await request(system, "PUT", "/v1/users/paul", { name: "Paul McCartney", date: "1942-06-18", latitude: 53.4, longitude: -2.98 });
    expect(put.status).toBe(201);
    const first = (await synthesisOf("paul")) as { modules: { numerology: { data: { life_path: number } } } };
    // Paul McCartney 1942-06-18, component method: 6 + 18→9 + 1942→16→7 = 22 (master), calculation-notes.md.
    expect(first.modules.numerology.data.life_path).toBe(22);

    const again = await request(system, "PUT", "/v1/users/paul", { name: "Paul McCartney", date: "1942-06-19", latitude: 53.4, longitude: -2.98 });
    expect(again.status).toBe(200);
    const second = await eventually("re-run synthesis", async () => {
      const body = (await synthesisOf("paul")) as { modules: { numerology: { data: { life_path: number } } } };
      return body.modules.numerology.data.life_path !== 22 ? body : undefined;
    });
    // One day later: 6 + 19→10→1 + 7 = 14 → 5.
    expect(second.modules.numerology.data.life_path).toBe(5);
  });

  test("DELETE erases the user's documents everywhere", async () => {
    const { id } = (await (await request(system, "POST", "/v1/users", EINSTEIN)).json()) as { id: string };
    await synthesisOf(id);
    const deleted = await request(system, "DELETE", `/v1/users/${id}`);
    expect(deleted.status).toBe(204);
    const client = await MongoClient.connect(system.mongoUri);
    try {
      const db = client.db(system.dbName);
      await system.node.idle();
      for (const [collection, filter] of [
        ["users", { _id: id }],
        ["profiles", { user_id: id }],
        ["syntheses", { user_id: id }],
      ] as const) {
        expect(await db.collection(collection).countDocuments(filter as Record<string, unknown>)).toBe(0);
      }
    } finally {
      await client.close();
    }
    expect((await request(system, "GET", `/v1/users/${id}/synthesis`)).status).toBe(404);
    expect((await request(system, "DELETE", `/v1/users/${id}`)).status).toBe(404);
  });

  test("POST /v1/calc/:module answers without storing anything", async () => {
    await system.node.idle();
    const usersBefore = await system.node.users.countUsers();
    const response = await request(system, "POST", "/v1/calc/numerology", EINSTEIN);
    expect(response.status).toBe(200);
    const output = (await response.json()) as { module: string; metadata: { accuracy: string } };
    expect(output.module).toBe("numerology");
    expect(output.metadata.accuracy).toBe("full");
    expect(await system.node.users.countUsers()).toBe(usersBefore);
    expect((await request(system, "POST", "/v1/calc/astrologyy", EINSTEIN)).status).toBe(404);
  });

  test("health, modules, actors, metrics and the OpenAPI document", async () => {
    expect((await request(system, "GET", "/health/live")).status).toBe(200);
    const ready = await request(system, "GET", "/health/ready");
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { database: boolean }).database).toBe(true);
    const modules = (await (await request(system, "GET", "/v1/modules")).json()) as { modules: { name: string; config: { source: string } }[] };
    expect(modules.modules.find((module) => module.name === "numerology")?.config.source).toBe("defaults");
    const actors = (await (await request(system, "GET", "/v1/actors")).json()) as { actors: { id: string; state: string }[] };
    expect(actors.actors.map((actor) => actor.id)).toContain("module.numerology");
    const actor = (await (await request(system, "GET", "/v1/actors/module.numerology")).json()) as Record<string, unknown>;
    expect(JSON.stringify(actor)).not.toContain(EINSTEIN.name);
    expect((await request(system, "GET", "/v1/actors/nope")).status).toBe(404);
    const metrics = await (await request(system, "GET", "/metrics")).text();
    expect(metrics).toContain("gutters_module_jobs_total");
    const openapi = (await (await request(system, "GET", "/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain("/v1/users/{id}/synthesis");
  });

  test("the live inspection stream sends sanitized events", async () => {
    const controller = new AbortController();
    const response = await system.app.handle(new Request("http://gutters.test/v1/actors/stream", { signal: controller.signal, headers: adminHeaders() }));
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("event: actors");
    await request(system, "POST", "/v1/users", EINSTEIN);
    let seen = "";
    while (!seen.includes("event: inspection")) seen += new TextDecoder().decode((await reader.read()).value);
    expect(seen).not.toContain(EINSTEIN.name);
    controller.abort();
    await reader.cancel();
  });
});
