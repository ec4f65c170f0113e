import { parseOrThrow } from "../core/errors.ts";
import { type BirthData, BirthDataSchema } from "../modules/birth-data.ts";
import { resolveBirthInstant } from "../modules/sky/birth-time.ts";

/**
 * Birth data a person submits to be stored: the schema, and a clock time that exists exactly once in its
 * zone. The exact-time modules reject a time the clocks skipped or repeated (ValidationError, path "time");
 * checking it here with the same resolver makes `POST`/`PUT /v1/users` answer 400 at once instead of
 * storing data whose synthesis can only fail later.
 */
export function parseStorableBirthData(input: unknown): BirthData {
  const birth = parseOrThrow(BirthDataSchema, input, "birth data");
  if (birth.time !== undefined) resolveBirthInstant(birth);
  return birth;
}
