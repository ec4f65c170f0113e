export {};

/**
 * `bun run bench`: runs every benchmark in its own process (so none warms another's JIT or heap) and
 * prints one summary line per benchmark. The HTTP and pipeline benchmarks need MONGODB_URI and MQTT_URL
 * (`bash scripts/services.sh start`); without them they are reported as not run, with the reason.
 */
const BENCHES = ["astrology", "human_design", "transits", "observer", "http", "auth", "roundtrip", "pipeline"] as const;
const NEEDS_SERVICES = new Set(["http", "auth", "roundtrip", "pipeline"]);
const only = Bun.argv.slice(2);
const selected = only.length > 0 ? BENCHES.filter((name) => only.includes(name)) : BENCHES;
const servicesReady = Boolean(process.env.MONGODB_URI && process.env.MQTT_URL);

const results: Record<string, unknown>[] = [];
for (const name of selected) {
  if (NEEDS_SERVICES.has(name) && !servicesReady) {
    console.log(`\n== ${name}: not run (needs MONGODB_URI and MQTT_URL)`);
    continue;
  }
  console.log(`\n== ${name}`);
  const child = Bun.spawn(["bun", `bench/${name}.ts`], { stdout: "pipe", stderr: "inherit" });
  const output = await new Response(child.stdout).text();
  process.stdout.write(output);
  const code = await child.exited;
  const last = output.trim().split("\n").at(-1) ?? "";
  try {
    results.push(JSON.parse(last) as Record<string, unknown>);
  } catch {
    results.push({ bench: name, error: `exited ${code} without a result line` });
  }
}
console.log("\n== summary");
for (const result of results) console.log(JSON.stringify(result));
