import { z } from "zod";
import referenceFile from "../../../../test/fixtures/reference/cases.json";

/*
 * Typed access to the Human Design cases of test/fixtures/reference/cases.json. Each case carries its own
 * source (publisher/repository and commit, or "derived" with how); tests cite the case id.
 */

const GateLineSchema = z.string().regex(/^\d{1,2}\.[1-6]$/);

const ChartExpectationSchema = z.object({
  design_utc: z.string(),
  defined_centers: z.array(z.string()),
  channels: z.array(z.string()),
  profile: z.string(),
  type: z.string(),
  authority: z.string(),
  definition: z.string(),
  cross_gates: z.string(),
  personality: z.array(GateLineSchema).length(13),
  design: z.array(GateLineSchema).length(13),
});
export type ChartExpectation = z.infer<typeof ChartExpectationSchema>;

const PublishedChartSchema = z.object({
  type: z.string(),
  authority: z.string(),
  profile: z.string(),
  definition: z.string(),
  channels: z.array(z.string()),
  incarnation_cross: z.string(),
});

const HumanDesignCaseSchema = z.object({
  id: z.string(),
  kind: z.literal("human_design"),
  input: z.object({ utc: z.string(), node: z.enum(["true", "mean"]), activations_order: z.array(z.string()).length(13) }),
  expected: z.union([
    z.object({
      published: PublishedChartSchema,
      derived_detail_swiss_ephemeris: ChartExpectationSchema,
    }),
    ChartExpectationSchema,
  ]),
  source: z.record(z.string(), z.unknown()),
});

const GateLookupCaseSchema = z.object({
  id: z.string(),
  kind: z.literal("human_design_gate_lookup"),
  input: z.object({ tropical_longitudes_deg: z.array(z.number()) }),
  expected: z.object({ gate_line: z.array(GateLineSchema) }),
  source: z.record(z.string(), z.unknown()),
});

const ReferenceFileSchema = z.object({ cases: z.array(z.looseObject({ id: z.string(), kind: z.string() })) });

const allCases = ReferenceFileSchema.parse(referenceFile).cases;

/** A Human Design case with its chart expectation unwrapped (published cases keep their published fields too). */
export interface HumanDesignCase {
  id: string;
  utc: Date;
  node: "true" | "mean";
  /** Fixture order of the 13 activations, e.g. sun earth northnode southnode moon mercury … */
  order: string[];
  expected: ChartExpectation;
  published?: z.infer<typeof PublishedChartSchema>;
}

export const HUMAN_DESIGN_CASES: HumanDesignCase[] = allCases
  .filter((entry) => entry.kind === "human_design")
  .map((entry) => HumanDesignCaseSchema.parse(entry))
  .map((entry) => {
    const base = { id: entry.id, utc: new Date(entry.input.utc), node: entry.input.node, order: entry.input.activations_order };
    return "published" in entry.expected
      ? { ...base, expected: entry.expected.derived_detail_swiss_ephemeris, published: entry.expected.published }
      : { ...base, expected: entry.expected };
  });

export const GATE_LOOKUP_CASES = allCases
  .filter((entry) => entry.kind === "human_design_gate_lookup")
  .map((entry) => GateLookupCaseSchema.parse(entry));

/** Fixture centre names ("SolarPlexus", "G") in the output's snake_case. */
export function centerNameFromFixture(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Fixture body names ("northnode") in the output's names ("north_node"). */
export function bodyNameFromFixture(name: string): string {
  return name === "northnode" ? "north_node" : name === "southnode" ? "south_node" : name;
}

/** "Right Angle 38/39 | 48/21" → its parts. */
export function parseCrossGates(text: string): { angle: string; gates: [number, number, number, number] } {
  const match = /^(Right Angle|Left Angle|Juxtaposition) (\d+)\/(\d+) \| (\d+)\/(\d+)$/.exec(text);
  if (match === null) throw new Error(`unexpected cross text: ${text}`);
  return { angle: match[1] ?? "", gates: [Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5])] };
}
