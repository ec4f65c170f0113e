import type { FieldIssue } from "../core/errors.ts";

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Keys present in the input that the schema dropped from its output, as dotted paths. Module schemas are plain
 * `z.object`s that strip unknown keys silently, so a typo (`cadence_second`) would be stored as the default;
 * comparing what went in with what came out finds such keys at any depth without asking every module to
 * declare strict objects. Records and loose objects keep their keys, so they never report one.
 */
export function unknownKeys(input: unknown, output: unknown, prefix: readonly string[] = []): FieldIssue[] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, index) => unknownKeys(item, output[index], [...prefix, String(index)]));
  }
  if (!isPlain(input) || !isPlain(output)) return [];
  return Object.keys(input).flatMap((key) =>
    key in output
      ? unknownKeys(input[key], output[key], [...prefix, key])
      : [{ path: [...prefix, key].join("."), message: "unknown key", code: "unrecognized_keys" }],
  );
}

/**
 * `PATCH` semantics for a config: objects merge key by key, at any depth; any other value (arrays, `null`,
 * numbers, strings) replaces what was there. `null` is a value here, not a deletion, because configs use it
 * (a solar product URL of `null` means "not fetched"); to go back to a default, `PUT` the config without it.
 */
export function mergeConfig(current: unknown, patch: unknown): unknown {
  if (!isPlain(current) || !isPlain(patch)) return patch;
  const merged: Plain = { ...current };
  for (const [key, value] of Object.entries(patch)) merged[key] = mergeConfig(current[key], value);
  return merged;
}
