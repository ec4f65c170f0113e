import type { EventBus } from "../bus/mqtt-bus.ts";
import { type CloudEvent, makeEvent, type Topics } from "../core/events.ts";
import { describeError, type Logger } from "../core/logger.ts";
import type { BirthData } from "../modules/birth-data.ts";
import type { UserHead } from "../store/user-store.ts";

/**
 * Announcements their caller does not wait for (an HTTP answer goes out once the data is stored; the
 * reconciler repeats an announcement that is lost). A stopping node waits for those still in flight.
 */
export class Announcements {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly bus: EventBus,
    private readonly topics: Topics,
    private readonly logger: Logger,
  ) {}

  send(event: CloudEvent): void {
    const sent = this.bus
      .publishEvent(this.topics.eventTopic(event), event)
      .catch((error: unknown) => this.logger.warn("announcement not sent; the reconciler repeats it", { type: event.type, ...describeError(error) }))
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** A stored revision of a user's birth data as the event the modules compute from; its id is deterministic. */
export function revisionEvent(source: string, userId: string, head: UserHead, birth: BirthData, correlationId?: string): CloudEvent {
  return makeEvent({
    id: head.birth_event_id,
    source,
    type: "user.birth_data.updated",
    time: head.birth_event_time,
    subject: userId,
    data: birth,
    revision: head.revision,
    ...(correlationId !== undefined ? { correlationid: correlationId } : {}),
  });
}
