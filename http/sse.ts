import type { GuttersNode } from "../actors/node.ts";
import { GuttersError } from "../core/errors.ts";

/**
 * Server-sent events of the node's sanitized XState inspection stream. The listener is removed when the
 * client goes away, so a closed stream leaves nothing subscribed.
 */
export function sseStream(node: GuttersNode, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (name: string, data: unknown): void => {
        try {
          controller.enqueue(encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          unsubscribe?.();
        }
      };
      try {
        unsubscribe = node.onInspection((event) => send("inspection", event));
      } catch (error) {
        throw new GuttersError("too_many_streams", (error as Error).message, { status: 503 });
      }
      send("actors", node.actorSummaries());
      signal.addEventListener("abort", () => {
        unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      });
    },
    cancel() {
      unsubscribe?.();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" },
  });
}
