/**
 * The random source and the malformed values both fuzzers (HTTP and MQTT) draw from. Seeded: the same seed
 * gives the same sequence, so a failure can be replayed.
 */

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit number. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The draws a generator makes from one random source. */
export interface Draw {
  random: () => number;
  pick<T>(items: readonly T[]): T;
  /** An integer in [min, max). */
  int(min: number, max: number): number;
}

export function draw(seed: number): Draw {
  const random = prng(seed);
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T,
    int: (min, max) => min + Math.floor(random() * (max - min)),
  };
}

export const BIRTH_FIELDS = ["name", "date", "time", "timezone", "utc_offset", "latitude", "longitude", "place", "calendar"] as const;

/** `$`-operators as a document store would read them, one per field a fuzzer fills. */
export const OPERATORS: readonly unknown[] = [
  { $gt: "" }, { $ne: null }, { $where: "sleep(1000)" }, { $regex: ".*" }, { $in: [] }, { $expr: { $eq: [1, 1] } }, ["$in"],
];

export const BAD_VALUES: readonly unknown[] = [
  null, true, 0, -1, 1e308, -1e308, 1.7976931348623157e308, 2 ** 53 + 1, "", " ", "𝕏🙂\u0000", "\u202e", "x".repeat(5000),
  [], {}, [[[]]], { $gt: "" }, { $ne: null }, { $where: "sleep(1000)" }, { $regex: ".*" }, "$gt", "9999-12-31", "0000-00-00",
  "1879-03-14T25:61", "NaN", "Infinity", ["$in"],
];

/** Texts no JSON parser accepts. */
export const NOT_JSON: readonly string[] = ["{oops", "<xml/>", "'single'", "{\"a\":}", "\u0000\u0001", "[1,2", "{\"a\":1}}", "\uFEFF{", "NaN"];

/** Brackets nested `depth` deep. */
export const nestedArrays = (depth: number): string => "[".repeat(depth) + "]".repeat(depth);
export const nestedObjects = (depth: number): string => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** Random bytes, most of them not UTF-8. */
export const binary = (d: Draw, maxLength: number): Uint8Array<ArrayBuffer> =>
  Uint8Array.from({ length: 1 + d.int(0, maxLength) }, () => d.int(0, 256));
