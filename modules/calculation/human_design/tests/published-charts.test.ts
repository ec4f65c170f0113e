import { describe, expect, test } from "bun:test";
import published from "./fixtures/published-charts.json";
import { BirthDataSchema } from "../../../birth-data.ts";
import { HumanDesignConfigSchema } from "../schemas.ts";
import { calculateHumanDesign } from "../service.ts";

/**
 * Charts of public figures as Human Design sources published them (fixture: each field with its source and
 * whether it was read on the page or as quoted elsewhere). Only published fields are compared, so these
 * checks are independent of the rules the code implements.
 */
interface Published {
  type?: string;
  authority?: string;
  profile?: string;
  cross_gates?: string;
  cross_name?: string;
  personality_sun_gate?: number;
  design_sun_gate?: number;
  channels?: string[];
  channels_include?: string[];
  definition?: string;
  defined_centers?: string[];
  undefined_centers_include?: string[];
  cross_name_contains?: string;
}
const charts = published.charts as { id: string; birth: unknown; published: Published }[];
const config = HumanDesignConfigSchema.parse({});

describe("published Human Design charts of public figures", () => {
  for (const chart of charts) {
    test(`${chart.id}: ${Object.keys(chart.published).join(", ")} as published`, () => {
      const data = calculateHumanDesign(BirthDataSchema.parse(chart.birth), config).data;
      const expected = chart.published;
      if (expected.type) expect(data.type).toBe(expected.type as typeof data.type);
      if (expected.authority) expect(data.authority).toBe(expected.authority as typeof data.authority);
      if (expected.profile) expect(data.profile).toBe(expected.profile);
      if (expected.cross_gates) expect(data.incarnation_cross).toContain(`(${expected.cross_gates})`);
      if (expected.cross_name) expect(data.incarnation_cross.startsWith(expected.cross_name)).toBe(true);
      if (expected.personality_sun_gate) expect(data.personality[0]?.gate).toBe(expected.personality_sun_gate);
      if (expected.design_sun_gate) expect(data.design[0]?.gate).toBe(expected.design_sun_gate);
      if (expected.channels) expect([...data.channels].sort()).toEqual([...expected.channels].sort());
      for (const channel of expected.channels_include ?? []) expect(data.channels).toContain(channel);
      if (expected.definition) expect(data.definition).toBe(expected.definition as typeof data.definition);
      if (expected.cross_name_contains) expect(data.incarnation_cross).toContain(expected.cross_name_contains);
      if (expected.defined_centers) expect([...data.defined_centers].sort()).toEqual([...expected.defined_centers].sort() as typeof data.defined_centers);
      for (const center of expected.undefined_centers_include ?? []) expect(data.undefined_centers).toContain(center as (typeof data.undefined_centers)[number]);
    });
  }

  test("every chart names a source for its fields and its birth data", () => {
    for (const chart of published.charts) {
      expect(Object.keys(chart.sources).length).toBeGreaterThan(0);
      expect(chart.birth.place.length).toBeGreaterThan(0);
    }
  });
});
