/**
 * PUBACKs for QoS 1 messages whose handlers run side by side: each is sent once its handler has finished,
 * and in the order the messages were received (MQTT 3.1.1 and 5.0, §4.6: "MUST send PUBACK packets in the
 * order in which the corresponding PUBLISH packets were received"). A message that finished early waits for
 * those received before it.
 */
export class InOrderAcks {
  private queue: { messageId: number; finished: boolean }[] = [];

  /** @param send writes one PUBACK on the connection the messages came from. */
  constructor(private readonly send: (messageId: number) => void) {}

  /** A message was received; call the returned function once its effects are stored. */
  received(messageId: number): () => void {
    const entry = { messageId, finished: false };
    this.queue.push(entry);
    return () => {
      entry.finished = true;
      this.flush();
    };
  }

  /**
   * The connection is gone. The broker delivers its unacknowledged messages again on the next one, where
   * they are acknowledged in their new order; those still running here will not be acknowledged at all.
   */
  reset(): void {
    this.queue = [];
  }

  /** Messages received and not yet acknowledged. */
  get pending(): number {
    return this.queue.length;
  }

  private flush(): void {
    while (this.queue[0]?.finished) {
      const entry = this.queue.shift() as { messageId: number };
      this.send(entry.messageId);
    }
  }
}

/**
 * A PUBACK with reason Success: four bytes in MQTT 3.1.1 (§3.4) and in MQTT 5.0, where the reason code and
 * properties may be left out when the reason is Success and there are no properties (§3.4.2.1).
 */
export function pubackPacket(messageId: number): Uint8Array {
  return Uint8Array.of(0x40, 0x02, (messageId >> 8) & 0xff, messageId & 0xff);
}
