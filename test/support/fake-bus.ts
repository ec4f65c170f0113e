import type { EventBus } from "../../bus/mqtt-bus.ts";

/** A bus that does nothing, for unit tests of code that only publishes; `overrides` replace what they need. */
export function fakeBus(overrides: Partial<EventBus> = {}): EventBus {
  return {
    publishEvent: async () => {},
    publishJson: async () => {},
    clearRetained: async () => {},
    subscribe: async () => async () => {},
    sharesWork: false,
    isConnected: () => true,
    subscriptionCount: () => 0,
    leaveShareGroups: async () => {},
    pause: () => {},
    drained: async () => {},
    lastHandledAt: () => 0,
    close: async () => {},
    ...overrides,
  };
}
