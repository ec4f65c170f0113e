import { z } from "zod";
import trackingCases from "../../../../test/fixtures/reference/tracking-cases.json" with { type: "json" };

const CaseSchema = z.object({
  id: z.string(),
  kind: z.string(),
  input: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
  tolerance: z.record(z.string(), z.unknown()),
  source: z.string(),
});
export type ReferenceCase = z.infer<typeof CaseSchema>;

const CASES = z.object({ cases: z.array(CaseSchema) }).parse(trackingCases).cases;

/** A case of test/fixtures/reference/tracking-cases.json by id; a missing id fails the test loudly. */
export function trackingCase(id: string): ReferenceCase {
  const found = CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no reference case ${id}`);
  return found;
}

export function casesOfKind(kind: string): ReferenceCase[] {
  return CASES.filter((c) => c.kind === kind);
}

/** The NOAA payload of a case, as the JSON text a server or feeder would send. */
export function payloadText(id: string): string {
  return JSON.stringify(trackingCase(id).input.payload);
}
