import { describe, expect, test } from "bun:test";
import { InOrderAcks, pubackPacket } from "../../../bus/acknowledgements.ts";

describe("PUBACKs in the order the messages were received", () => {
  test("a message that finishes early waits for those received before it", () => {
    const sent: number[] = [];
    const acks = new InOrderAcks((messageId) => sent.push(messageId));
    const first = acks.received(7);
    const second = acks.received(8);
    const third = acks.received(9);
    third();
    second();
    expect(sent).toEqual([]);
    expect(acks.pending).toBe(3);
    first();
    expect(sent).toEqual([7, 8, 9]);
    expect(acks.pending).toBe(0);
  });

  test("after the connection is gone, messages of the old connection are never acknowledged", () => {
    const sent: number[] = [];
    const acks = new InOrderAcks((messageId) => sent.push(messageId));
    const old = acks.received(1);
    acks.reset();
    const fresh = acks.received(2);
    old();
    fresh();
    expect(sent).toEqual([2]);
  });

  test("a PUBACK with reason Success is four bytes: type 4 with no flags, length 2, the id big-endian (MQTT 3.1.1 §3.4, 5.0 §3.4.2.1)", () => {
    expect([...pubackPacket(1)]).toEqual([0x40, 0x02, 0x00, 0x01]);
    expect([...pubackPacket(0x1234)]).toEqual([0x40, 0x02, 0x12, 0x34]);
    expect([...pubackPacket(65535)]).toEqual([0x40, 0x02, 0xff, 0xff]);
  });
});
