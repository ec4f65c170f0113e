type Scalar = string | number | boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * What a dotted path of a module's data holds (see ThemeRuleSchema): an object segment is a property, a
 * segment after an array of objects picks the element with that `name`. A plain value, a list of plain
 * values, or undefined when the path leads nowhere (e.g. no ascendant for an unknown birth time).
 */
export function fieldAt(data: unknown, path: string): Scalar | Scalar[] | undefined {
  let current: unknown = data;
  for (const segment of path.split(".")) {
    if (Array.isArray(current)) current = current.find((item) => isRecord(item) && item.name === segment);
    else if (isRecord(current)) current = current[segment];
    else return undefined;
  }
  if (isScalar(current)) return current;
  if (Array.isArray(current)) return current.filter(isScalar);
  return undefined;
}

/** The plain values at a path: one, every element of a list, or none. */
export function valuesAt(data: unknown, path: string): Scalar[] {
  const found = fieldAt(data, path);
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}
