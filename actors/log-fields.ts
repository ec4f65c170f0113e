import { type DeadLetter, DeadLetterOffice } from "../bus/dead-letter.ts";
import type { EventBus } from "../bus/mqtt-bus.ts";
import type { Logger } from "../core/logger.ts";
import type { ProfileDocument } from "../store/user-store.ts";

/**
 * Log fields of a module error or a dead letter: the stable code and the names of the fields at fault.
 * Messages and payloads are left out because they can quote birth data (a skipped local time names its
 * date; a rejected event carries the whole birth record), and logs must never hold it (DESIGN.md §11).
 */
export function moduleErrorFields(module: string, profile: ProfileDocument): Record<string, unknown> {
  return {
    module,
    user_id: profile.user_id,
    error: profile.error?.error ?? "unknown",
    fields: (profile.error?.issues ?? []).map((issue) => issue.path).join(","),
  };
}

export function deadLetterFields(letter: DeadLetter): Record<string, unknown> {
  return {
    topic: letter.topic,
    error: letter.reason.error,
    fields: (letter.reason.issues ?? []).map((issue) => issue.path).join(","),
  };
}

/** A dead-letter office that also logs each letter it sent at warn, whichever path rejected the payload. */
export class LoggedDeadLetterOffice extends DeadLetterOffice {
  constructor(
    bus: EventBus,
    topic: string,
    node: string,
    private readonly logger: Logger,
  ) {
    super(bus, topic, node);
  }

  override async send(topic: string, payload: Uint8Array, error: unknown, now: Date): Promise<DeadLetter> {
    const letter = await super.send(topic, payload, error, now);
    this.logger.warn("dead letter", deadLetterFields(letter));
    return letter;
  }
}
