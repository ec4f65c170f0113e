/**
 * What access control costs per request: the same node's routes served twice in one run, once with the
 * real credential check (a stored API key: SHA-256 and the verified-key cache; a person's token: an HS256
 * signature, checked against the user id asked for) and once with a verifier that accepts any credential without checking it. Both go through the
 * same access table and rate limiter, so the ratio is the price of verifying. Target: ratio ≥ 0.9.
 * Needs MONGODB_URI and MQTT_URL.
 */
import { tmpdir } from "node:os";
import { benchServices, liftRateLimit } from "./services.ts";
import { join } from "node:path";
import type { Principal } from "../auth/schemas.ts";
import { NO_BROKER_ACCOUNTS } from "../auth/verifier.ts";
import { parseEnv } from "../config/env.ts";
import { createLogger } from "../core/logger.ts";
import { createApp } from "../http/app.ts";
import type { AccessServices } from "../http/key-routes.ts";
import { registry } from "../modules/index.ts";
import { startSystem } from "../server/system.ts";
import { CredentialStore } from "../store/credential-store.ts";
import { connectDatabase } from "../store/database.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const birth = { name: "Albert Einstein", date: "1879-03-14", time: "11:30", timezone: "Europe/Berlin", latitude: 48.4011, longitude: 9.9876 };
const { mongoUri, mqttUrl } = benchServices("auth");

const ADMIN_KEY = `bench-admin-${crypto.randomUUID()}`;
const dbName = `bench_auth_${process.pid}`;
const bodyFile = join(tmpdir(), `gutters-bench-auth-${process.pid}.json`);
await Bun.write(bodyFile, JSON.stringify(birth));

// The rate limit is not what is measured.
const setup = await connectDatabase(mongoUri, { databaseName: dbName, timeoutMs: 5000 });
await liftRateLimit(setup.db);
await setup.close();

const env = parseEnv({ PORT: "0", GUTTERS_MODULES: "numerology", GUTTERS_TOPIC_ROOT: `gutters-bench/auth-${process.pid}`, GUTTERS_DB_NAME: dbName, LOG_LEVEL: "silent", GUTTERS_ADMIN_KEY: ADMIN_KEY });
const system = await startSystem({ env, registry, mongoUri, mqttUrl, listen: true, logger: createLogger("silent") });
const nodeBase = `http://127.0.0.1:${system.port}`;
const admin = { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" };
const calcKey = ((await (await fetch(`${nodeBase}/v1/keys`, { method: "POST", headers: admin, body: JSON.stringify({ scopes: ["calc"] }) })).json()) as { key: string }).key;
const user = ((await (await fetch(`${nodeBase}/v1/users`, { method: "POST", headers: admin, body: JSON.stringify(birth) })).json()) as { id: string }).id;
const token = ((await (await fetch(`${nodeBase}/v1/users/${user}/tokens`, { method: "POST", headers: admin, body: "{}" })).json()) as { token: string }).token;

// The same node served twice the same way: behind the real door, and behind one that takes any credential at
// its word (so the framework, routes and handlers are identical and only the verification differs).
const anyone: Principal = { kind: "key", keyId: "unchecked", scopes: ["admin"] };
const serve = (authenticator: AccessServices["authenticator"]) => {
  const app = createApp({
    node: system.node,
    logger: createLogger("silent"),
    access: { authenticator, credentials: new CredentialStore(system.database.db), tokenSecret: new Uint8Array(32), brokerAccounts: NO_BROKER_ACCOUNTS },
  });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => app.handle(request) });
  return { server, base: `http://127.0.0.1:${server.port}` };
};
const checked = serve(system.authenticator);
const open = serve({ verify: async () => anyone, forget: () => undefined, forgetPerson: () => undefined });
const openBase = open.base;

async function load(url: string, body: string, credential: string): Promise<number> {
  const child = Bun.spawn(["bun", "bench/load.ts", url, String(REQUESTS), String(CONCURRENCY), body, credential], { stdout: "pipe" });
  const result = JSON.parse(await new Response(child.stdout).text()) as { rps: number; failed: number };
  await child.exited;
  if (result.failed > 0) throw new Error(`${result.failed} requests to ${url} failed`);
  return result.rps;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
// The person reads their own user document (one database read; a sky snapshot would cost tens of ms and hide the check).
const own = `/v1/users/${user}`;
const cases = {
  keyChecked: () => load(`${checked.base}/v1/calc/numerology`, bodyFile, calcKey),
  keyUnchecked: () => load(`${openBase}/v1/calc/numerology`, bodyFile, calcKey),
  tokenChecked: () => load(`${checked.base}${own}`, "-", token),
  tokenUnchecked: () => load(`${openBase}${own}`, "-", token),
};
const runs: Record<keyof typeof cases, number[]> = { keyChecked: [], keyUnchecked: [], tokenChecked: [], tokenUnchecked: [] };
for (const run of Object.values(cases)) await run(); // warm-up
// Five rounds, the order of checked and unchecked swapped every round, medians kept.
for (let round = 0; round < 5; round++) {
  const order = Object.entries(cases) as [keyof typeof cases, () => Promise<number>][];
  for (const [name, run] of round % 2 === 0 ? order : order.reverse()) runs[name].push(await run());
}
await open.server.stop(true);
await checked.server.stop(true);
await system.database.db.dropDatabase();
await system.stop();

const keyRatio = median(runs.keyChecked) / median(runs.keyUnchecked);
const tokenRatio = median(runs.tokenChecked) / median(runs.tokenUnchecked);
console.log(`POST /v1/calc/numerology, API key checked:   ${median(runs.keyChecked).toFixed(0)} req/s (unchecked ${median(runs.keyUnchecked).toFixed(0)})`);
console.log(`GET /v1/users/:id, person's token checked: ${median(runs.tokenChecked).toFixed(0)} req/s (unchecked ${median(runs.tokenUnchecked).toFixed(0)})`);
console.log(`runs (req/s): ${JSON.stringify(Object.fromEntries(Object.entries(runs).map(([name, values]) => [name, values.map(Math.round)])))}`);
console.log(JSON.stringify({ bench: "auth", ratio: Math.min(keyRatio, tokenRatio), key_ratio: keyRatio, token_ratio: tokenRatio, target: "≥ 0.9" }));
