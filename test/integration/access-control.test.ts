import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MongoClient } from "mongodb";
import { ACCESS_POLICY } from "../../http/access-policy.ts";
import { UnavailableError } from "../../core/errors.ts";
import { parseEnv } from "../../config/env.ts";
import { registry } from "../../modules/index.ts";
import { startSystem } from "../../server/system.ts";
import { EINSTEIN, eventually, request, serviceUrls, startTestSystem, type TestSystem, uniqueName } from "../support/services.ts";

let system: TestSystem;

beforeAll(async () => {
  // The suite makes hundreds of requests under one key: the rate limit is not what it is about.
  system = await startTestSystem({ runtime: { rate_limit_requests: 100_000 } });
});

afterAll(async () => {
  await system?.dispose();
});

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

async function createKey(scopes: string[]): Promise<{ id: string; key: string }> {
  const response = await request(system, "POST", "/v1/keys", { scopes, label: `test ${scopes.join(",")}` });
  expect(response.status).toBe(201);
  return json(response);
}

async function createPerson(name: string): Promise<{ id: string; token: string }> {
  const created = await json<{ id: string }>(await request(system, "POST", "/v1/users", { ...EINSTEIN, name }));
  const issued = await request(system, "POST", `/v1/users/${created.id}/tokens`, { expires_in_seconds: 3600 });
  expect(issued.status).toBe(201);
  return { id: created.id, token: (await json<{ token: string }>(issued)).token };
}

/** Concrete requests for every route pattern of the table, about `user`. */
function concreteRoutes(user: string): { method: string; path: string; body?: unknown }[] {
  return Object.keys(ACCESS_POLICY).map((route) => {
    const [method = "GET", pattern = "/"] = route.split(" ");
    const path = pattern
      .replace(":id/", `${user}/`)
      .replace(/:id$/, pattern.startsWith("/v1/keys") ? "aaaaaaaaaaaa" : user)
      .replace(":module", pattern.includes("tracking") ? "lunar" : "numerology")
      .replace(":file", "index.html");
    return { method, path, ...(method === "GET" || method === "DELETE" ? {} : { body: method === "POST" && pattern === "/v1/users" ? EINSTEIN : {} }) };
  });
}

describe("HTTP access control", () => {
  test("every route of the app is in the access table, so none is open by accident", () => {
    const routes = system.app.routes.map((route) => `${route.method} ${route.path}`).filter((route) => !route.startsWith("HEAD "));
    const missing = routes.filter((route) => ACCESS_POLICY[route] === undefined);
    expect(missing).toEqual([]);
  });

  test("without a credential every non-public route answers 401 with a JSON error; probes and pages stay open", async () => {
    let closed = 0;
    for (const { method, path, body } of concreteRoutes("someone")) {
      const requirement = ACCESS_POLICY[`${method} ${path}`];
      const response = await request(system, method, path, body, null);
      if (requirement?.kind === "public" || path.startsWith("/health") || path.startsWith("/docs") || path.startsWith("/inspect") || path === "/openapi.json") {
        expect(response.status).not.toBe(401);
        continue;
      }
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({ route: `${method} ${path}`, status: 401 });
      expect((await json<{ error: string }>(response)).error).toBe("unauthenticated");
      closed++;
    }
    expect(closed).toBe(Object.values(ACCESS_POLICY).filter((requirement) => requirement.kind !== "public").length);
    const wrong = await request(system, "GET", "/v1/modules", undefined, "gk_aaaaaaaaaaaa_" + "A".repeat(43));
    expect(wrong.status).toBe(401);
    expect((await json<{ message: string }>(wrong)).message).toContain("not valid");
  });

  test("scoped keys: 403 outside their scopes; a deleted key stops working at once on this node", async () => {
    const reader = await createKey(["users:read"]);
    const calc = await createKey(["calc"]);
    const user = await json<{ id: string }>(await request(system, "POST", "/v1/users", EINSTEIN));
    expect((await request(system, "GET", `/v1/users/${user.id}`, undefined, reader.key)).status).toBe(200);
    expect((await request(system, "PUT", `/v1/users/${user.id}`, EINSTEIN, reader.key)).status).toBe(403);
    expect((await request(system, "POST", "/v1/calc/numerology", EINSTEIN, calc.key)).status).toBe(200);
    const denied = await request(system, "GET", `/v1/users/${user.id}`, undefined, calc.key);
    expect(denied.status).toBe(403);
    expect(await json(denied)).toEqual({ error: "forbidden", message: 'this needs the "users:read" scope' });
    expect((await request(system, "POST", "/v1/keys", { scopes: ["admin"] }, reader.key)).status).toBe(403);

    const listed = await json<{ keys: { id: string; scopes: string[] }[] }>(await request(system, "GET", "/v1/keys"));
    expect(listed.keys.map((key) => key.id)).toContain(reader.id);
    expect(JSON.stringify(listed)).not.toContain(reader.key);
    expect((await request(system, "DELETE", `/v1/keys/${reader.id}`)).status).toBe(204);
    expect((await request(system, "GET", `/v1/users/${user.id}`, undefined, reader.key)).status).toBe(401);
    expect((await request(system, "DELETE", `/v1/keys/${reader.id}`)).status).toBe(404);
  });

  test("only hashes are stored in api_keys", async () => {
    const created = await createKey(["events:read"]);
    const client = await MongoClient.connect(system.mongoUri);
    try {
      const stored = await client.db(system.dbName).collection("api_keys").find({}).toArray();
      expect(JSON.stringify(stored)).not.toContain(created.key);
      expect(JSON.stringify(stored)).not.toContain(created.key.slice(16));
      expect(stored.find((row) => row._id === (created.id as unknown))).toMatchObject({ scopes: ["events:read"] });
    } finally {
      await client.close();
    }
  });

  test("bad key requests are 422 naming the field", async () => {
    const response = await request(system, "POST", "/v1/keys", { scopes: ["root"] });
    expect(response.status).toBe(422);
    expect((await json<{ issues: { path: string }[] }>(response)).issues[0]?.path).toBe("scopes.0");
    expect((await request(system, "POST", "/v1/keys", { scopes: ["calc"], extra: 1 })).status).toBe(422);
    expect((await request(system, "POST", "/v1/users/nobody-here/tokens", {})).status).toBe(404);
    expect((await request(system, "POST", "/v1/users/x/tokens", { expires_in_seconds: 10 })).status).toBe(422);
  });

  test("a person's token: their own user, profiles and synthesis; sky queries; nothing else", async () => {
    const ada = await createPerson("Ada Person");
    await eventually("ada's synthesis", async () => (await request(system, "GET", `/v1/users/${ada.id}/synthesis`)).status === 200, 20_000);
    expect((await request(system, "GET", `/v1/users/${ada.id}`, undefined, ada.token)).status).toBe(200);
    expect((await request(system, "GET", `/v1/users/${ada.id}/profiles/numerology`, undefined, ada.token)).status).toBe(200);
    expect((await request(system, "GET", `/v1/users/${ada.id}/synthesis`, undefined, ada.token)).status).toBe(200);
    expect((await request(system, "PUT", `/v1/users/${ada.id}`, { ...EINSTEIN, name: "Ada Renamed" }, ada.token)).status).toBe(200);
    expect((await request(system, "GET", "/v1/tracking/lunar?at=2026-01-01T00:00:00Z", undefined, ada.token)).status).toBe(200);
    expect((await request(system, "POST", "/v1/users", EINSTEIN, ada.token)).status).toBe(403);
    expect((await request(system, "GET", "/v1/config/numerology", undefined, ada.token)).status).toBe(403);
    expect((await request(system, "POST", `/v1/users/${ada.id}/tokens`, {}, ada.token)).status).toBe(403);
  });

  test("no one else's data: every person tries every route on every other person, and on ids that do not exist", async () => {
    const people = await Promise.all(["P1", "P2", "P3", "P4"].map((name) => createPerson(`Person ${name}`)));
    let attempts = 0;
    let succeeded = 0;
    const leaks: string[] = [];
    for (const attacker of people) {
      for (const victim of [...people.filter((person) => person !== attacker).map((person) => person.id), "does-not-exist"]) {
        for (const { method, path, body } of concreteRoutes(victim)) {
          if (!path.startsWith(`/v1/users/${victim}`)) continue;
          const response = await request(system, method, path, body, attacker.token);
          const text = await response.text();
          attempts++;
          if (response.status < 400) succeeded++;
          // The same answer as for an id nobody has: the token learns nothing about who exists.
          if (response.status !== 404 && !(response.status === 403 && path.endsWith("/tokens"))) leaks.push(`${method} ${path} → ${response.status}`);
          for (const person of people) if (person !== attacker && text.includes("Person P")) leaks.push(`${method} ${path} leaked a name`);
        }
      }
    }
    // And through the query parameter of the tracking routes.
    for (const attacker of people) {
      for (const victim of people.filter((person) => person !== attacker)) {
        for (const path of [`/v1/tracking/upcoming?days=1&user=${victim.id}`, `/v1/tracking/lunar?user=${victim.id}`]) {
          const response = await request(system, "GET", path, undefined, attacker.token);
          attempts++;
          if (response.status < 400) succeeded++;
          if (response.status !== 404) leaks.push(`GET ${path} → ${response.status}`);
        }
      }
    }
    console.log(`cross-person attempts: ${attempts} tried, ${succeeded} succeeded`);
    expect(attempts).toBeGreaterThan(150);
    expect(succeeded).toBe(0);
    expect(leaks).toEqual([]);
    // Nothing of theirs changed: every person is still there with their own name.
    for (const person of people) {
      const user = await json<{ birth: { name: string } }>(await request(system, "GET", `/v1/users/${person.id}`, undefined, person.token));
      expect(user.birth.name).toStartWith("Person P");
    }
  });

  test("expired and tampered tokens are 401", async () => {
    const ada = await createPerson("Ada Expiring");
    const [header, payload, signature] = ada.token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: 4_000_000_000 })).toString("base64url")}.${signature}`;
    expect((await request(system, "GET", `/v1/users/${ada.id}`, undefined, forged)).status).toBe(401);
    const later = await startTestSystem({ dbName: system.dbName, root: system.root, now: () => new Date(Date.now() + 2 * 3600_000) });
    try {
      expect((await request(later, "GET", `/v1/users/${ada.id}`, undefined, ada.token)).status).toBe(401);
    } finally {
      await later.stop();
    }
  });
});

describe("a person's token after their erasure", () => {
  test("reaches nothing once they are erased (401), and not the person created again later under the same id", async () => {
    const ada = await createPerson("Ada Erased");
    expect((await request(system, "GET", `/v1/users/${ada.id}`, undefined, ada.token)).status).toBe(200);
    expect((await request(system, "DELETE", `/v1/users/${ada.id}`)).status).toBe(204);
    expect((await request(system, "GET", `/v1/users/${ada.id}`, undefined, ada.token)).status).toBe(401);
    // Someone else, given the same id at once by a client that chose it: the erasure's sweeps leave them be.
    expect((await request(system, "PUT", `/v1/users/${ada.id}`, { ...EINSTEIN, name: "Not Ada" })).status).toBe(201);
    for (const path of [`/v1/users/${ada.id}`, `/v1/users/${ada.id}/synthesis`, `/v1/users/${ada.id}/journal`]) {
      expect({ path, status: (await request(system, "GET", path, undefined, ada.token)).status }).toEqual({ path, status: 401 });
    }
    // Another node, whose cache never saw the erasure, reads the user again: the old token is refused there too.
    const other = await startTestSystem({ dbName: system.dbName, root: system.root });
    try {
      expect((await request(other, "GET", `/v1/users/${ada.id}`, undefined, ada.token)).status).toBe(401);
      const issued = await json<{ token: string }>(await request(other, "POST", `/v1/users/${ada.id}/tokens`, {}));
      expect((await request(other, "GET", `/v1/users/${ada.id}`, undefined, issued.token)).status).toBe(200);
      await other.node.idle();
      await system.node.idle();
      expect((await request(other, "GET", `/v1/users/${ada.id}`, undefined, issued.token)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});

describe("people's broker accounts", () => {
  test("issuing a token grants the person's account; erasing them (HTTP or MQTT) revokes it", async () => {
    const calls: string[] = [];
    const accounts = {
      grantPerson: async (userId: string, token: string) => void calls.push(`grant ${userId} ${token.length > 20}`),
      revokePerson: async (userId: string) => void calls.push(`revoke ${userId}`),
    };
    const node = await startTestSystem({ brokerAccounts: accounts, modules: "numerology" });
    try {
      const ada = await json<{ id: string }>(await request(node, "POST", "/v1/users", EINSTEIN));
      expect((await request(node, "POST", `/v1/users/${ada.id}/tokens`, {})).status).toBe(201);
      expect(calls).toEqual([`grant ${ada.id} true`]);
      expect((await request(node, "DELETE", `/v1/users/${ada.id}`)).status).toBe(204);
      await eventually("the account revoked", () => calls.includes(`revoke ${ada.id}`));
    } finally {
      await node.dispose();
    }
  });

  test("a broker that cannot grant the account makes the token request fail with 503, not a half-made person", async () => {
    const node = await startTestSystem({
      modules: "numerology",
      brokerAccounts: {
        grantPerson: async () => {
          throw new UnavailableError("the broker did not answer");
        },
        revokePerson: async () => undefined,
      },
    });
    try {
      const ada = await json<{ id: string }>(await request(node, "POST", "/v1/users", EINSTEIN));
      const response = await request(node, "POST", `/v1/users/${ada.id}/tokens`, {});
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).not.toBeNull();
    } finally {
      await node.dispose();
    }
  });
});

describe("first start without GUTTERS_ADMIN_KEY", () => {
  test("creates an admin key, shows it once, and a second start shows none", async () => {
    const { mongoUri, mqttUrl } = serviceUrls();
    const dbName = uniqueName("firststart");
    const shown: string[] = [];
    const start = () =>
      startSystem({
        env: parseEnv({ GUTTERS_DB_NAME: dbName, GUTTERS_TOPIC_ROOT: `gutters-test/${dbName}`, GUTTERS_MODULES: "numerology", LOG_LEVEL: "silent", GUTTERS_NODE_ID: uniqueName("first") }),
        registry,
        mongoUri,
        mqttUrl,
        revealAdminKey: (key) => shown.push(key),
      });
    const first = await start();
    try {
      expect(shown).toHaveLength(1);
      expect((await request(first, "GET", "/v1/keys", undefined, shown[0])).status).toBe(200);
      expect((await request(first, "GET", "/v1/keys")).status).toBe(401);
    } finally {
      await first.stop();
    }
    const second = await start();
    await second.stop();
    expect(shown).toHaveLength(1);
    const client = await MongoClient.connect(mongoUri);
    await client.db(dbName).dropDatabase();
    await client.close();
  });
});
