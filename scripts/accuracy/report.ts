/**
 * `bun run accuracy`: the project against the committed Swiss Ephemeris table (swisseph-reference.csv.gz).
 * Prints the largest and 99th-percentile error of every quantity per era, the Human Design values that differ
 * from Swiss Ephemeris with and without a near_boundary flag, and checks the error bounds behind the flags.
 * `--markdown` prints the same as README tables. Exit code 1 when a measured error exceeds its bound or a
 * Human Design value differs unflagged.
 */
import { ERROR_BOUNDS_ARCSEC, measuredEraOf } from "../../modules/calculation/human_design/ephemeris-error.ts";
import { ActivationBodySchema } from "../../modules/calculation/human_design/schemas.ts";
import { compareChart, referenceActivationLongitudes } from "./compare.ts";
import { FlagTally, LEVELS } from "./hd-flags.ts";
import { ERAS, loadReferenceTable } from "./reference-table.ts";
import { ErrorCollector, maxAndP99 } from "./statistics.ts";

const markdown = process.argv.includes("--markdown");
const { source, charts } = await loadReferenceTable();
const errors = new ErrorCollector();
const tallies = new Map<string, FlagTally>();
const boundFailures: string[] = [];

for (const chart of charts) {
  const { measurements, personality, design } = compareChart(chart);
  for (const m of measurements) errors.add(chart.era, m.quantity, m.error);
  const tally = tallies.get(chart.era) ?? new FlagTally();
  tallies.set(chart.era, tally);
  tally.add(personality, referenceActivationLongitudes(chart.personality));
  tally.add(design, referenceActivationLongitudes(chart.design));
  for (const m of measurements) {
    const [side, body] = m.quantity.split(".");
    if ((side !== "personality" && side !== "design") || !ActivationBodySchema.safeParse(body).success) continue;
    const at = side === "design" ? chart.designUtc : chart.utc;
    const era = measuredEraOf(at);
    const bound = era === null ? Number.POSITIVE_INFINITY : ERROR_BOUNDS_ARCSEC[era][side][ActivationBodySchema.parse(body)];
    if (m.error > bound) boundFailures.push(`${chart.utc.toISOString()} ${m.quantity}: ${m.error.toFixed(1)}″ > bound ${bound}″`);
  }
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
// Personality activations repeat the body rows, Earth the Sun and the south node the north node: shown once.
const repeated = (q: string) => q.startsWith("personality.") || q === "design.earth" || q === "design.south_node";
const quantities = [...(errors.samples.get("1800-2100")?.keys() ?? [])].filter((q) => !repeated(q));
const eras = ERAS.filter((era) => errors.samples.has(era));
const counts = eras.map((era) => `${era}: ${errors.samples.get(era)?.get("sun")?.length ?? 0}`).join(", ");

if (markdown) {
  console.log(`Reference: ${source}. Charts — ${counts}. Errors in arcseconds (design time in seconds), max / p99.\n`);
  console.log(`| quantity | ${eras.join(" | ")} |`);
  console.log(`|---|${eras.map(() => "---").join("|")}|`);
  for (const q of quantities) {
    const cells = eras.map((era) => {
      const s = maxAndP99(errors.samples.get(era)?.get(q) ?? []);
      return `${fmt(s.max)} / ${fmt(s.p99)}`;
    });
    console.log(`| ${q} | ${cells.join(" | ")} |`);
  }
  console.log(`\n| era | activations | differ: line / colour / tone / base | differ unflagged | flags null / line / colour / tone / base |`);
  console.log(`|---|---|---|---|---|`);
} else {
  console.log(`Reference: ${source}\nCharts — ${counts}\nErrors in arcseconds (design_time in seconds of time): max  p99\n`);
  for (const era of eras) {
    console.log(`== ${era}`);
    for (const q of quantities) {
      const s = maxAndP99(errors.samples.get(era)?.get(q) ?? []);
      console.log(`  ${q.padEnd(26)} ${fmt(s.max).padStart(8)} ${fmt(s.p99).padStart(8)}`);
    }
  }
  console.log(`\nHuman Design values against Swiss Ephemeris (share of activations):`);
}

const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(2)} %`;
for (const [era, t] of tallies) {
  const differs = LEVELS.map((l) => pct(t.differs[l], t.activations)).join(" / ");
  const unflagged = LEVELS.map((l) => t.unflagged[l]).reduce((a, b) => a + b, 0);
  const flags = ["null", ...LEVELS].map((l) => pct(t.flags[l] ?? 0, t.activations)).join(" / ");
  if (markdown) console.log(`| ${era} | ${t.activations} | ${differs} | ${pct(unflagged, t.activations)} | ${flags} |`);
  else console.log(`  ${era}: ${t.activations} activations; differ (line/colour/tone/base) ${differs}; differ while not flagged ${pct(unflagged, t.activations)}; flags (null/line/colour/tone/base) ${flags}`);
}

const unflaggedTotal = [...tallies.values()].reduce((sum, t) => sum + LEVELS.reduce((a, l) => a + t.unflagged[l], 0), 0);
if (boundFailures.length > 0) console.log(`\nErrors above their bound:\n  ${boundFailures.join("\n  ")}`);
if (boundFailures.length > 0 || unflaggedTotal > 0) process.exit(1);
