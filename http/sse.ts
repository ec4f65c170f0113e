import type { GuttersNode } from "../actors/node.ts";
import { GuttersError } from "../core/errors.ts";

/**
 * Server-sent events of the node's sanitized XState inspection stream. The listener is removed when the
 * client goes away, so a closed stream leaves nothing subscribed. A client that reads slower than events come
 * is disconnected once `maxBufferBytes` wait unread for it: the node never buffers without bound for one
 * consumer (issue 9 §5); the client may reconnect and start from the current summaries.
 */
export function sseStream(node: GuttersNode, signal: AbortSignal, maxBufferBytes: number): Response {
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | undefined;
  let ended = false;
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, slow: boolean): void => {
    if (ended) return;
    ended = true;
    unsubscribe?.();
    try {
      // A slow consumer's queue is dropped at once (error), a departed one's closed.
      if (slow) controller.error(new GuttersError("slow_consumer", "the client fell too far behind the event stream", { status: 503 }));
      else controller.close();
    } catch {
      // already closed by the client
    }
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (name: string, data: unknown): void => {
          if (ended) return;
          if ((controller.desiredSize ?? 0) <= 0) {
            end(controller, true);
            return;
          }
          try {
            controller.enqueue(encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
          } catch {
            end(controller, false);
          }
        };
        try {
          unsubscribe = node.onInspection((event) => send("inspection", event));
        } catch (error) {
          throw new GuttersError("too_many_streams", (error as Error).message, { status: 503 });
        }
        send("actors", node.actorSummaries());
        signal.addEventListener("abort", () => end(controller, false));
      },
      cancel() {
        ended = true;
        unsubscribe?.();
      },
    },
    // The queue is measured in bytes, so `desiredSize` says how much is still allowed to wait unread.
    { highWaterMark: maxBufferBytes, size: (chunk) => chunk?.byteLength ?? 0 },
  );
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" },
  });
}
