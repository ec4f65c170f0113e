/**
 * Developer script: copies the Swiss Ephemeris activation longitudes of a held-out draw (generate_reference.py
 * with "holdout": another seed, so the charts did not set the error bounds) into the Human Design tests'
 * fixture; the module tests then need neither Python nor this folder at run time.
 *   bun run scripts/accuracy/extract-hd-fixture.ts /tmp/holdout.csv.gz
 */
import { loadReferenceTable, type ReferenceChart } from "./reference-table.ts";
import { referenceActivationLongitudes } from "./compare.ts";

const PER_ERA: Record<string, number> = { "1800-2100": 300, "1500-1800": 40, "2100-2200": 40 };
const OUT = new URL("../../modules/calculation/human_design/tests/fixtures/swisseph-activations.json", import.meta.url);

const round = (x: number) => Math.round(x * 1e7) / 1e7;
const side = (points: ReferenceChart["personality"]) =>
  Object.fromEntries(Object.entries(referenceActivationLongitudes(points)).map(([body, lon]) => [body, round(lon)]));

const input = process.argv[2];
if (input === undefined) throw new Error("usage: extract-hd-fixture.ts <held-out table .csv.gz>");
const { source, charts } = await loadReferenceTable(input);
const taken: Record<string, number> = {};
const cases = charts
  .filter((chart) => {
    taken[chart.era] = (taken[chart.era] ?? 0) + 1;
    return (taken[chart.era] ?? 0) <= (PER_ERA[chart.era] ?? 0);
  })
  .map((chart) => ({
    utc: chart.utc.toISOString(),
    design_utc: chart.designUtc.toISOString(),
    personality: side(chart.personality),
    design: side(chart.design),
  }));
await Bun.write(OUT, `${JSON.stringify({ source: `${source} (held-out draw of scripts/accuracy/generate_reference.py)`, cases })}\n`);
console.log(`${cases.length} charts → ${OUT.pathname}`);
