import type { CenterName, Definition } from "./schemas.ts";

/** Centres in the order charts list them, top to bottom. */
export const CENTER_NAMES: readonly CenterName[] = [
  "head",
  "ajna",
  "throat",
  "g",
  "heart",
  "sacral",
  "solar_plexus",
  "spleen",
  "root",
];

/** Gates of each centre (calculation-notes.md, "Centres"). */
export const CENTER_GATES: Readonly<Record<CenterName, readonly number[]>> = {
  head: [61, 63, 64],
  ajna: [4, 11, 17, 24, 43, 47],
  throat: [8, 12, 16, 20, 23, 31, 33, 35, 45, 56, 62],
  g: [1, 2, 7, 10, 13, 15, 25, 46],
  heart: [21, 26, 40, 51],
  sacral: [3, 5, 9, 14, 27, 29, 34, 42, 59],
  solar_plexus: [6, 22, 30, 36, 37, 49, 55],
  spleen: [18, 28, 32, 44, 48, 50, 57],
  root: [19, 38, 39, 41, 52, 53, 54, 58, 60],
};

/** Centres that can power the throat; a motor connected to the throat makes a manifesting type. */
export const MOTOR_CENTERS: readonly CenterName[] = ["sacral", "solar_plexus", "heart", "root"];

/** The 36 channels as gate pairs, lower gate first (calculation-notes.md, "Channels"). */
export const CHANNELS: readonly (readonly [number, number])[] = [
  [1, 8], [2, 14], [3, 60], [4, 63], [5, 15], [6, 59], [7, 31], [9, 52], [10, 20], [10, 34], [10, 57], [11, 56],
  [12, 22], [13, 33], [16, 48], [17, 62], [18, 58], [19, 49], [20, 34], [20, 57], [21, 45], [23, 43], [24, 61],
  [25, 51], [26, 44], [27, 50], [28, 38], [29, 46], [30, 41], [32, 54], [34, 57], [35, 36], [37, 40], [39, 55],
  [42, 53], [47, 64],
];

const CENTER_OF_GATE: ReadonlyMap<number, CenterName> = new Map(
  CENTER_NAMES.flatMap((center) => CENTER_GATES[center].map((gate) => [gate, center] as const)),
);

/** The centre a gate belongs to (gates 1–64). */
export function centerOfGate(gate: number): CenterName {
  const center = CENTER_OF_GATE.get(gate);
  if (center === undefined) throw new RangeError(`no gate ${gate} in the bodygraph`);
  return center;
}

export interface DefinedChannel {
  gates: readonly [number, number];
  centers: readonly [CenterName, CenterName];
  /** "20-34": lower gate first. */
  label: string;
}

/** Channels whose two gates are both activated, in table order (ascending lower gate). */
export function definedChannels(activatedGates: ReadonlySet<number>): DefinedChannel[] {
  return CHANNELS.filter(([a, b]) => activatedGates.has(a) && activatedGates.has(b)).map(([a, b]) => ({
    gates: [a, b] as const,
    centers: [centerOfGate(a), centerOfGate(b)] as const,
    label: `${a}-${b}`,
  }));
}

/** Defined centres in chart order: a centre is defined only through a complete channel. */
export function definedCenters(channels: readonly DefinedChannel[]): CenterName[] {
  const touched = new Set(channels.flatMap((channel) => channel.centers));
  return CENTER_NAMES.filter((center) => touched.has(center));
}

/**
 * Groups of defined centres joined by defined channels (connected components of the centre graph), each
 * in chart order, groups ordered by their first centre.
 */
export function connectedGroups(channels: readonly DefinedChannel[]): CenterName[][] {
  const neighbours = new Map<CenterName, Set<CenterName>>();
  for (const { centers: [a, b] } of channels) {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    if (!neighbours.has(b)) neighbours.set(b, new Set());
    neighbours.get(a)?.add(b);
    neighbours.get(b)?.add(a);
  }
  const seen = new Set<CenterName>();
  const groups: CenterName[][] = [];
  for (const start of CENTER_NAMES) {
    if (!neighbours.has(start) || seen.has(start)) continue;
    const members = new Set<CenterName>([start]);
    const queue: CenterName[] = [start];
    seen.add(start);
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const neighbour of neighbours.get(next) ?? []) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        members.add(neighbour);
        queue.push(neighbour);
      }
    }
    groups.push(CENTER_NAMES.filter((center) => members.has(center)));
  }
  return groups;
}

/** True when both centres are defined and some chain of defined channels joins them. */
export function areConnected(groups: readonly (readonly CenterName[])[], a: CenterName, b: CenterName): boolean {
  return groups.some((group) => group.includes(a) && group.includes(b));
}

const DEFINITION_BY_GROUP_COUNT: readonly Definition[] = ["None", "Single", "Split", "Triple Split", "Quadruple Split"];

/** Definition from the number of separate groups of defined centres (0–4; nine centres allow no more). */
export function definitionOf(groups: readonly (readonly CenterName[])[]): Definition {
  const definition = DEFINITION_BY_GROUP_COUNT[groups.length];
  if (definition === undefined) throw new RangeError(`${groups.length} separate groups of centres cannot occur`);
  return definition;
}
