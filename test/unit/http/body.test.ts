import { describe, expect, test } from "bun:test";
import { GuttersError, ValidationError } from "../../../core/errors.ts";
import { MAX_BODY_BYTES, readJsonBody } from "../../../http/body.ts";

const post = (body: RequestInit["body"], headers: Record<string, string> = {}): Request =>
  new Request("http://gutters.test/v1/users", { method: "POST", body, headers });

/** A body sent in chunks with no content-length, as a chunked upload is. */
function streamed(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<GuttersError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GuttersError) return error;
    throw error;
  }
  throw new Error("expected the body to be refused");
}

describe("readJsonBody", () => {
  test("parses a JSON body", async () => {
    expect(await readJsonBody(post('{"date":"1990-01-01","latitude":1}'))).toEqual({ date: "1990-01-01", latitude: 1 });
  });

  test("parses a streamed body assembled from chunks", async () => {
    expect(await readJsonBody(post(streamed(['{"a"', ':[1,', "2]}"])))).toEqual({ a: [1, 2] });
  });

  test("refuses a declared content-length above the limit without reading the body", async () => {
    const error = await rejection(readJsonBody(post("{}", { "content-length": String(MAX_BODY_BYTES + 1) })));
    expect([error.code, error.status]).toEqual(["payload_too_large", 413]);
    expect(error.message).toBe(`body exceeds ${MAX_BODY_BYTES} bytes`);
  });

  test("refuses by streamed size when no length is declared", async () => {
    const request = post(streamed(["[", "1,".repeat(20), "1]"]));
    expect(request.headers.get("content-length")).toBeNull();
    const error = await rejection(readJsonBody(request, 16));
    expect([error.code, error.status]).toEqual(["payload_too_large", 413]);
  });

  test("refuses an actual body larger than a smaller declared length", async () => {
    const request = post(streamed(["x".repeat(40)]), { "content-length": "2" });
    const error = await rejection(readJsonBody(request, 16));
    expect(error.status).toBe(413);
  });

  test("accepts a body of exactly the limit", async () => {
    const text = JSON.stringify("x".repeat(14));
    expect(text.length).toBe(16);
    expect(await readJsonBody(post(text), 16)).toBe("x".repeat(14));
  });

  test.each([
    ["no body", null],
    ["an empty body", ""],
    ["a blank body", "  \n "],
  ])("refuses %s with 400", async (_label, body) => {
    const error = await rejection(readJsonBody(post(body)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("a JSON body is required");
  });

  test("refuses invalid JSON with 400 naming the root, without quoting the body", async () => {
    const error = await rejection(readJsonBody(post('{"name": "Albert Einstein", date: 1879}')));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("body is not valid JSON");
    expect(error.issues).toEqual([{ path: "(root)", message: "expected a JSON document" }]);
    expect(JSON.stringify(error.toJSON())).not.toMatch(/Einstein|1879/);
  });
});
