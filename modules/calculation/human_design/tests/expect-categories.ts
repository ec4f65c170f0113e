import { expect } from "bun:test";
import type { classifyChart } from "../chart.ts";
import { centerNameFromFixture, type ChartExpectation, parseCrossGates } from "./reference-cases.ts";

/** Every categorical field of a chart against a reference case: these must match exactly. */
export function expectCategoriesMatch(
  chart: Pick<ReturnType<typeof classifyChart>, "type" | "authority" | "profile" | "definition" | "channels" | "defined_centers" | "incarnation_cross_detail">,
  expected: Pick<ChartExpectation, "type" | "authority" | "profile" | "definition" | "channels" | "defined_centers" | "cross_gates">,
): void {
  expect<string>(chart.type).toBe(expected.type);
  expect<string>(chart.authority).toBe(expected.authority);
  expect(chart.profile).toBe(expected.profile);
  expect<string>(chart.definition).toBe(expected.definition);
  expect(chart.channels).toEqual(expected.channels);
  expect<string[]>([...chart.defined_centers].sort()).toEqual(expected.defined_centers.map(centerNameFromFixture).sort());
  const cross = parseCrossGates(expected.cross_gates);
  const detail = chart.incarnation_cross_detail;
  expect<string>(detail.angle).toBe(cross.angle);
  expect([detail.personality_sun, detail.personality_earth, detail.design_sun, detail.design_earth]).toEqual(cross.gates);
}
