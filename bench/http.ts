/**
 * Stateless `POST /v1/calc/numerology` requests/s through the full GUTTERS node (Elysia routes, validation,
 * the hosted actor's config, the pure calculation) against a bare `Bun.serve` answering the same JSON,
 * measured in the same run with the same load generator. Needs MONGODB_URI and MQTT_URL (the node runs
 * for real). Target: ratio ≥ 0.6.
 */
import { tmpdir } from "node:os";
import { benchServices, liftRateLimit } from "./services.ts";
import { join } from "node:path";
import { parseEnv } from "../config/env.ts";
import { createLogger } from "../core/logger.ts";
import { BirthDataSchema } from "../modules/birth-data.ts";
import { numerologyModule } from "../modules/calculation/numerology/module.ts";
import { configDefaults } from "../modules/contract.ts";
import { registry } from "../modules/index.ts";
import { runCalculation } from "../modules/run-calculation.ts";
import { startSystem } from "../server/system.ts";
import { connectDatabase } from "../store/database.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const birth = { name: "Albert Einstein", date: "1879-03-14", time: "11:30", timezone: "Europe/Berlin", latitude: 48.4011, longitude: 9.9876 };
const { mongoUri, mqttUrl } = benchServices("http");

const bodyFile = join(tmpdir(), `gutters-bench-${process.pid}.json`);
await Bun.write(bodyFile, JSON.stringify(birth));

/** The bench's own admin key: every request is authenticated, as in production. */
const ADMIN_KEY = `bench-admin-${crypto.randomUUID()}`;

async function load(url: string): Promise<{ rps: number; failed: number }> {
  const child = Bun.spawn(["bun", "bench/load.ts", url, String(REQUESTS), String(CONCURRENCY), bodyFile, ADMIN_KEY], { stdout: "pipe" });
  const text = await new Response(child.stdout).text();
  await child.exited;
  return JSON.parse(text) as { rps: number; failed: number };
}

const env = parseEnv({
  PORT: "0",
  GUTTERS_MODULES: "numerology",
  GUTTERS_TOPIC_ROOT: `gutters-bench/${process.pid}`,
  GUTTERS_DB_NAME: `bench_http_${process.pid}`,
  LOG_LEVEL: "silent",
  GUTTERS_ADMIN_KEY: ADMIN_KEY,
});
// The rate limit is not what is measured.
const setup = await connectDatabase(mongoUri, { databaseName: env.GUTTERS_DB_NAME ?? "", timeoutMs: 5000 });
await liftRateLimit(setup.db);
await setup.close();
const system = await startSystem({ env, registry, mongoUri, mqttUrl, listen: true, logger: createLogger("silent") });
const sample = await (await fetch(`http://127.0.0.1:${system.port}/v1/calc/numerology`, { method: "POST", body: JSON.stringify(birth), headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
const bare = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(sample, { headers: { "content-type": "application/json" } }) });
// A second baseline: a bare server doing the same validation and calculation, to separate the cost of the
// work itself from the cost of the framework around it.
const defaults = configDefaults(numerologyModule);
const bareCalc = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: async (request) =>
    Response.json(runCalculation(numerologyModule, BirthDataSchema.parse(JSON.parse(await request.text())), defaults, 0, new Date())),
});

// Warm the servers up, then measure each three times, alternating, and keep the median of each.
await load(`http://127.0.0.1:${bare.port}/`);
await load(`http://127.0.0.1:${system.port}/v1/calc/numerology`);
await load(`http://127.0.0.1:${bareCalc.port}/`);
const runs = { bare: [] as number[], bareCalc: [] as number[], gutters: [] as number[] };
let failures = 0;
for (let round = 0; round < 3; round++) {
  const bareRun = await load(`http://127.0.0.1:${bare.port}/`);
  const bareCalcRun = await load(`http://127.0.0.1:${bareCalc.port}/`);
  const guttersRun = await load(`http://127.0.0.1:${system.port}/v1/calc/numerology`);
  runs.bare.push(bareRun.rps);
  runs.bareCalc.push(bareCalcRun.rps);
  runs.gutters.push(guttersRun.rps);
  failures += bareRun.failed + bareCalcRun.failed + guttersRun.failed;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const bareRps = median(runs.bare);
const bareCalcRps = median(runs.bareCalc);
const guttersRps = median(runs.gutters);
await bare.stop(true);
await bareCalc.stop(true);
await system.database.db.dropDatabase();
await system.stop();

console.log(`bare Bun.serve:        ${bareRps.toFixed(0)} req/s`);
console.log(`POST /v1/calc/numerology: ${guttersRps.toFixed(0)} req/s`);
console.log(`bare Bun.serve doing the same calculation: ${bareCalcRps.toFixed(0)} req/s`);
console.log(`ratio to the constant answer: ${(guttersRps / bareRps).toFixed(2)} (target ≥ 0.6)`);
console.log(`ratio to the same work without the framework: ${(guttersRps / bareCalcRps).toFixed(2)}`);
console.log(
  JSON.stringify({
    bench: "http",
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    bare_rps: Math.round(bareRps),
    bare_same_work_rps: Math.round(bareCalcRps),
    calc_rps: Math.round(guttersRps),
    ratio: Number((guttersRps / bareRps).toFixed(3)),
    ratio_same_work: Number((guttersRps / bareCalcRps).toFixed(3)),
    failed_requests: failures,
  }),
);
process.exit(0);
