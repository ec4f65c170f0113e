import { describe, expect, test } from "bun:test";
import { CENTER_GATES, CENTER_NAMES, CHANNELS, centerOfGate, connectedGroups, definedChannels, definitionOf } from "../bodygraph.ts";
import type { Authority, HumanDesignType } from "../schemas.ts";
import { syntheticChart } from "./synthetic-charts.ts";

// Synthetic activation sets: the expected values follow from the rules in calculation-notes.md
// ("Human Design wheel" section, sources named there), worked by hand for each chart below.

describe("tables", () => {
  test("the nine centres hold the 64 gates once each and the 36 channels join two different centres", () => {
    const all = CENTER_NAMES.flatMap((center) => CENTER_GATES[center]);
    expect(all.length).toBe(64);
    expect(new Set(all).size).toBe(64);
    expect(CHANNELS.length).toBe(36);
    for (const [a, b] of CHANNELS) {
      expect(a).toBeLessThan(b);
      expect(centerOfGate(a)).not.toBe(centerOfGate(b));
    }
    expect(() => centerOfGate(0)).toThrow(RangeError);
  });

  test("a channel needs both gates; one gate defines nothing", () => {
    expect(definedChannels(new Set([20]))).toEqual([]);
    expect(definedChannels(new Set([20, 34, 57])).map((channel) => channel.label)).toEqual(["20-34", "20-57", "34-57"]);
  });

  test("definition counts groups of centres joined by channels", () => {
    expect(definitionOf(connectedGroups(definedChannels(new Set())))).toBe("None");
    expect(() => definitionOf([["head"], ["ajna"], ["g"], ["root"], ["spleen"]])).toThrow(RangeError);
  });
});

describe("type by connectivity: a motor reaching the throat through any chain", () => {
  test("root reaches the throat only through the spleen (18-58, 16-48): Manifestor, Splenic", () => {
    const chart = syntheticChart([18, 58, 16, 48]);
    expect(chart.channels).toEqual(["16-48", "18-58"]);
    expect(chart.type).toBe("Manifestor");
    expect(chart.authority).toBe("Splenic");
    expect(chart.strategy).toBe("To Inform");
    expect(chart.definition).toBe("Single");
  });

  test("root through spleen then G then throat (28-38, 10-57, 10-20): Manifestor", () => {
    const chart = syntheticChart([28, 38, 10, 57, 20]);
    expect(chart.channels).toEqual(["10-20", "10-57", "20-57", "28-38"]);
    expect(chart.type).toBe("Manifestor");
    expect(chart.defined_centers).toEqual(["throat", "g", "spleen", "root"]);
  });

  test("sacral reaches the throat only through the G (2-14, 1-8): Manifesting Generator, Sacral", () => {
    const chart = syntheticChart([2, 14, 1, 8]);
    expect(chart.type).toBe("Manifesting Generator");
    expect(chart.authority).toBe("Sacral");
    expect(chart.not_self_theme).toBe("Frustration");
  });

  test("heart reaches the throat only through the G (25-51, 7-31): Manifestor, Ego Manifested", () => {
    const chart = syntheticChart([25, 51, 7], { personalityEarth: 31 });
    expect(chart.channels).toEqual(["7-31", "25-51"]);
    expect(chart.type).toBe("Manifestor");
    expect(chart.authority).toBe("Ego Manifested");
  });

  test("sacral defined, a motor (root) reaching the throat through the spleen while sacral does not: Manifesting Generator", () => {
    const chart = syntheticChart([5, 15, 18, 58, 16, 48]);
    expect(chart.definition).toBe("Split");
    expect(chart.type).toBe("Manifesting Generator");
  });

  test("motors defined but none reaching the throat: Generator or Projector", () => {
    expect(syntheticChart([3, 60]).type).toBe("Generator");
    expect(syntheticChart([19, 49]).type).toBe("Projector");
  });
});

describe("authority precedence", () => {
  const cases: [string, number[], Authority, HumanDesignType][] = [
    ["Emotional (solar plexus beats sacral)", [39, 55, 3, 60], "Emotional", "Generator"],
    ["Sacral", [5, 15], "Sacral", "Generator"],
    ["Splenic (spleen beats heart)", [18, 58, 26, 21, 45], "Splenic", "Manifestor"],
    ["Ego Manifested", [21, 45], "Ego Manifested", "Manifestor"],
    ["Ego Projected (heart defined, not connected to the throat)", [25, 51], "Ego Projected", "Projector"],
    ["Self-Projected", [13, 33], "Self-Projected", "Projector"],
    ["Mental (head and ajna only)", [64, 47], "Mental", "Projector"],
    ["Mental (ajna to throat)", [17, 62], "Mental", "Projector"],
    ["Lunar (no channel at all)", [1, 2, 3, 4, 5], "Lunar", "Reflector"],
  ];
  for (const [label, gates, authority, type] of cases) {
    test(label, () => {
      const chart = syntheticChart(gates);
      expect(chart.authority).toBe(authority);
      expect(chart.type).toBe(type);
    });
  }

  test("a Reflector has every centre undefined, no definition and waits a lunar cycle", () => {
    const chart = syntheticChart([1, 2, 3, 4, 5, 6, 9]);
    expect(chart.defined_centers).toEqual([]);
    expect(chart.undefined_centers).toEqual([...CENTER_NAMES]);
    expect(chart.definition).toBe("None");
    expect(chart.strategy).toBe("Wait a Lunar Cycle");
    expect(chart.signature).toBe("Surprise");
  });
});

describe("definition", () => {
  test("single: one chain through several centres", () => {
    expect(syntheticChart([64, 47, 17, 62]).definition).toBe("Single");
  });
  test("split: head–ajna and spleen–root", () => {
    expect(syntheticChart([64, 47, 18, 58]).definition).toBe("Split");
  });
  test("triple split: head–ajna, spleen–root, heart–G", () => {
    expect(syntheticChart([64, 47, 18, 58, 25, 51]).definition).toBe("Triple Split");
  });
  test("quadruple split: head–ajna, throat–G, heart–solar plexus, spleen–root", () => {
    const chart = syntheticChart([64, 47, 1, 8, 37, 40, 18, 58]);
    expect(chart.definition).toBe("Quadruple Split");
    expect(chart.defined_centers).toEqual(["head", "ajna", "throat", "g", "heart", "solar_plexus", "spleen", "root"]);
    expect(chart.undefined_centers).toEqual(["sacral"]);
    expect(chart.type).toBe("Projector");
    expect(chart.authority).toBe("Emotional");
  });
  test("a bridging channel joins two groups into one", () => {
    expect(syntheticChart([64, 47, 1, 8]).definition).toBe("Split");
    expect(syntheticChart([64, 47, 1, 8, 23, 43]).definition).toBe("Single");
  });
});
