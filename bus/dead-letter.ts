import { createHash } from "node:crypto";
import { GuttersError } from "../core/errors.ts";
import type { EventBus } from "./mqtt-bus.ts";

/**
 * What is kept of a payload that could not be handled (DESIGN.md §11): why, where, how big and its SHA-256,
 * never the payload itself. A rejected payload is often birth data, and the dead-letter topic is read by
 * operators, not by the person; the hash lets the sender match a letter to what it sent.
 */
export interface DeadLetter {
  reason: { error: string; message: string; issues?: { path: string; message: string }[] };
  topic: string;
  size: number;
  sha256: string;
  received_at: string;
  node: string;
}

/** Bounds of a reason. A message or a field name may still carry a piece of the sender's input (an unknown
 * key, an event type), and a letter must stay a few hundred bytes, not become the payload again. */
export const REASON_LIMITS = { text: 200, issues: 10 } as const;

const clip = (text: string): string => (text.length > REASON_LIMITS.text ? `${text.slice(0, REASON_LIMITS.text)}…` : text);

/**
 * Builds the dead letter of a payload that could not be handled; the reason has the same code as HTTP. Our
 * errors name fields, not values; any other thrown value is reported by its class only, since its message may
 * quote the input.
 */
export function deadLetterFor(topic: string, payload: Uint8Array, error: unknown, node: string, now: Date): DeadLetter {
  const reason: DeadLetter["reason"] =
    error instanceof GuttersError
      ? bounded(error.toJSON())
      : { error: "unhandled", message: error instanceof Error ? `${error.name} while handling the payload` : "the payload could not be handled" };
  return {
    reason,
    topic,
    size: payload.byteLength,
    sha256: createHash("sha256").update(payload).digest("hex"),
    received_at: now.toISOString(),
    node,
  };
}

function bounded(reason: DeadLetter["reason"]): DeadLetter["reason"] {
  const message = clip(reason.message);
  if (reason.issues === undefined) return { error: reason.error, message };
  const issues = reason.issues.slice(0, REASON_LIMITS.issues).map((issue) => ({ ...issue, path: clip(issue.path), message: clip(issue.message) }));
  return { error: reason.error, message, issues };
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
