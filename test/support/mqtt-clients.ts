import mqtt, { type MqttClient } from "mqtt";
import { uniqueName } from "./services.ts";

export interface Received {
  topic: string;
  payload: string;
}

/** A client of a person or a service, with what arrives on its subscriptions. */
export async function connectAs(
  address: string,
  username: string,
  password: string,
  options: { clientId?: string; protocolVersion?: 4 | 5 } = {},
): Promise<{ client: MqttClient; messages: Received[] }> {
  const client = await mqtt.connectAsync(address, {
    username,
    password,
    clientId: options.clientId ?? uniqueName("client"),
    protocolVersion: options.protocolVersion ?? 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  const messages: Received[] = [];
  client.on("message", (topic, payload) => messages.push({ topic, payload: payload.toString() }));
  return { client, messages };
}

/** The CONNACK refusal of a connection attempt (`Not authorized`, …), or `connected` when the broker let it in. */
export async function connectOutcome(address: string, username: string | undefined, password: string | undefined, protocolVersion: 4 | 5 = 4): Promise<string> {
  try {
    const client = await mqtt.connectAsync(address, {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      clientId: uniqueName("probe"),
      protocolVersion,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    await client.endAsync(true);
    return "connected";
  } catch (error) {
    return (error as Error).message;
  }
}

/** The SUBACK code for one filter: 0–2 granted, 0x80 or above refused (MQTT 3.1.1 §3.9.3, MQTT 5 §3.9.3). */
export async function subackCode(client: MqttClient, filter: string): Promise<number> {
  try {
    const granted = await client.subscribeAsync(filter, { qos: 1 });
    return granted[0]?.qos ?? -1;
  } catch (error) {
    // mqtt.js rejects a refused filter with the SUBACK packet attached.
    const granted = (error as { packet?: { granted?: unknown[] } }).packet?.granted?.[0];
    const code = typeof granted === "number" ? granted : (granted as { qos?: unknown } | undefined)?.qos;
    if (typeof code === "number") return code;
    throw error;
  }
}

/** Tally of attempts to reach other people's data, reported by the test that makes them. */
export class Attempts {
  tried = 0;
  succeeded = 0;
  record(succeeded: boolean): boolean {
    this.tried++;
    if (succeeded) this.succeeded++;
    return succeeded;
  }
  summary(what: string): string {
    return `${what}: attempts to read or write other people's data: ${this.tried} tried, ${this.succeeded} succeeded`;
  }
}
