import { GuttersError } from "../core/errors.ts";
import type { EventBus } from "./mqtt-bus.ts";

/** How much of a rejected payload the dead letter carries, so one huge message cannot be echoed whole. */
const PAYLOAD_EXCERPT_BYTES = 4096;

export interface DeadLetter {
  reason: { error: string; message: string; issues?: { path: string; message: string }[] };
  topic: string;
  payload: string;
  received_at: string;
  node: string;
}

/** Builds the dead letter of a payload that could not be handled; the reason has the same code as HTTP. */
export function deadLetterFor(topic: string, payload: Uint8Array, error: unknown, node: string, now: Date): DeadLetter {
  const reason =
    error instanceof GuttersError
      ? error.toJSON()
      : { error: "unhandled", message: error instanceof Error ? error.message : String(error) };
  return {
    reason,
    topic,
    payload: new TextDecoder().decode(payload.subarray(0, PAYLOAD_EXCERPT_BYTES)),
    received_at: now.toISOString(),
    node,
  };
}

/** Counts and publishes dead letters for a node. */
export class DeadLetterOffice {
  count = 0;
  constructor(
    private readonly bus: EventBus,
    private readonly topic: string,
    private readonly node: string,
  ) {}

  async send(topic: string, payload: Uint8Array, error: unknown, now: Date): Promise<DeadLetter> {
    this.count += 1;
    const letter = deadLetterFor(topic, payload, error, this.node, now);
    await this.bus.publishJson(this.topic, letter);
    return letter;
  }
}
