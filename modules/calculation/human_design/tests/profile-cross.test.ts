import { describe, expect, test } from "bun:test";
import { type ActivationInput, classifyChart } from "../chart.ts";
import { crossName } from "../crosses.ts";
import { crossAngleOf, profileName, PROFILES } from "../profile.ts";
import { ActivationBodySchema, CrossAngleSchema } from "../schemas.ts";
import { GATE_ORDER } from "../wheel.ts";
import { bodyNameFromFixture, centerNameFromFixture, HUMAN_DESIGN_CASES, parseCrossGates } from "./reference-cases.ts";
import { expectCategoriesMatch } from "./expect-categories.ts";

describe("profile", () => {
  test("names of the 12 profiles from the line themes", () => {
    expect(profileName("5/1")).toBe("Heretic / Investigator");
    expect(profileName("1/3")).toBe("Investigator / Martyr");
    expect(profileName("6/2")).toBe("Role Model / Hermit");
    expect(PROFILES.map(profileName)).toHaveLength(12);
    expect(() => profileName("7/1")).toThrow(RangeError);
  });

  test("cross angle: right angle 1/3 to 4/6, juxtaposition 4/1, left angle 5/1 to 6/3 (calculation-notes.md)", () => {
    expect<string[]>(PROFILES.map(crossAngleOf)).toEqual([
      ...Array<string>(7).fill("Right Angle"),
      "Juxtaposition",
      ...Array<string>(4).fill("Left Angle"),
    ]);
  });
});

describe("incarnation cross names (CReizner/SharpAstrology.HumanDesign Enums/IncarnationCross.cs @0416e33)", () => {
  test("every angle names a cross for each of the 64 gates, distinct within the angle", () => {
    for (const angle of CrossAngleSchema.options) {
      const names = GATE_ORDER.map((gate) => crossName(angle, gate));
      const distinct = new Set(names.map((cross) => `${cross.name} ${cross.variant}`));
      expect(distinct.size).toBe(64);
      const variants = angle === "Right Angle" ? 4 : angle === "Left Angle" ? 2 : 1;
      expect(new Set(names.map((cross) => cross.name)).size).toBe(64 / variants);
    }
    expect(() => crossName("Juxtaposition", 65)).toThrow(RangeError);
    expect(() => crossName("Right Angle", 0)).toThrow(RangeError);
  });

  test("spot checks against the same table", () => {
    expect(crossName("Right Angle", 38)).toEqual({ name: "Right Angle Cross of Tension", variant: 4 });
    expect(crossName("Right Angle", 55)).toEqual({ name: "Right Angle Cross of the Sleeping Phoenix", variant: 1 });
    expect(crossName("Left Angle", 34)).toEqual({ name: "Left Angle Cross of Duality", variant: 2 });
    expect(crossName("Juxtaposition", 1)).toEqual({ name: "Juxtaposition Cross of Self-Expression", variant: 1 });
  });
});

describe("classification of the reference charts from their published gate.line activations", () => {
  // Each case of test/fixtures/reference/cases.json lists all 26 gate.line activations; classifying them
  // without any ephemeris must give every categorical field of the case exactly.
  for (const reference of HUMAN_DESIGN_CASES) {
    test(reference.id, () => {
      const toActivations = (labels: string[]): ActivationInput[] =>
        labels.map((label, index) => {
          const [gate, line] = label.split(".").map(Number);
          return { body: ActivationBodySchema.parse(bodyNameFromFixture(reference.order[index] ?? "")), gate: gate ?? 0, line: line ?? 0 };
        });
      const chart = classifyChart(toActivations(reference.expected.personality), toActivations(reference.expected.design));
      const expected = reference.expected;
      expectCategoriesMatch(chart, expected);
      if (reference.published !== undefined) {
        // Published by SharpAstrology as "Right Angle Cross of Tension (4) : 38/39 | 48/21".
        expect(reference.published.incarnation_cross).toContain(chart.incarnation_cross_detail.name);
        expect(reference.published.incarnation_cross).toContain(`(${chart.incarnation_cross_detail.variant})`);
        expect(reference.published.channels).toEqual(chart.channels);
        expect(reference.published.authority.startsWith(chart.authority)).toBe(true);
      }
    });
  }
});
