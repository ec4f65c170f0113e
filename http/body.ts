import { GuttersError, ValidationError } from "../core/errors.ts";
import { readCapped } from "../core/read-capped.ts";

/** Largest request body accepted (HTTP 413 above). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a size limit: 413 above the limit, 400 when it is not JSON. The body is read as a
 * stream so an oversized request is refused without buffering it whole.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const header = request.headers.get("content-length");
  const declared = Number(header ?? "0");
  if (declared > limit) throw tooLarge(limit);
  // A declared length within the limit is read in one go and checked after; without one the stream is
  // read with the limit enforced as it arrives.
  if (header !== null && Number.isFinite(declared)) {
    const text = await request.text();
    if (text.length > limit || Buffer.byteLength(text) > limit) throw tooLarge(limit);
    return parseJson(text);
  }
  const text = await readCapped(request.body, limit, () => tooLarge(limit));
  if (text === undefined) throw new ValidationError("a JSON body is required", [{ path: "(root)", message: "required" }]);
  return parseJson(text);
}

function parseJson(text: string): unknown {
  if (text.trim() === "") throw new ValidationError("a JSON body is required", [{ path: "(root)", message: "required" }]);
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may be birth data: only the rule is reported.
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: "expected a JSON document" }]);
  }
}

function tooLarge(limit: number): GuttersError {
  return new GuttersError("payload_too_large", `body exceeds ${limit} bytes`, { status: 413 });
}
