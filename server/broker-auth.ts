import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AedesOptions, AedesPublishPacket, AuthenticateError, Client, PublishPacket, Subscription } from "aedes";
import { type MqttAccessContext, mqttAllows } from "../auth/mqtt-access.ts";
import type { Principal } from "../auth/schemas.ts";
import type { CredentialVerifier } from "../auth/verifier.ts";

/** The user name a node presents to its own embedded broker. */
export const NODE_USERNAME = "gutters-node";

/** The user name a service presents with an API key as password (DESIGN.md §11). */
export const API_KEY_USERNAME = "apikey";

export interface BrokerCredential {
  username: string;
  password: string;
}

/** A fresh node credential, random per process: it only lets the process reach the broker it started. */
export function newNodeCredential(): BrokerCredential {
  return { username: NODE_USERNAME, password: randomBytes(32).toString("base64url") };
}

/** The node is an admin on its own broker: it publishes every person's events and every reply. */
const NODE_PRINCIPAL: Principal = { kind: "key", keyId: "node", scopes: ["admin"] };

// MQTT 3.1.1 §3.2.2.3 CONNACK return codes.
const SERVER_UNAVAILABLE = 3;
const NOT_AUTHORIZED = 5;

function refusal(returnCode: number, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/** Equal secrets in constant time; hashing first makes the lengths equal without leaking them. */
function sameSecret(presented: Buffer, expected: string): boolean {
  const digest = (value: Buffer | string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export interface BrokerAuthOptions {
  root: string;
  node: BrokerCredential;
  /** The verifier of keys and tokens once the database is up; until then only the node credential is accepted. */
  verifier: () => CredentialVerifier | undefined;
  now?: () => Date;
}

type AuthHandlers = Required<Pick<AedesOptions, "authenticate" | "authorizePublish" | "authorizeSubscribe" | "authorizeForward">>;

/**
 * The embedded broker's doors (DESIGN.md §11): who may connect (the node, `apikey` + key, user id + that
 * person's token) and, per packet, what that principal may publish, subscribe to and be sent, by the table
 * of `auth/mqtt-access.ts`. A person whose token has expired keeps the connection but gets nothing more.
 */
export function brokerAuthHandlers(options: BrokerAuthOptions): AuthHandlers {
  const now = options.now ?? (() => new Date());
  const principals = new WeakMap<Client, Principal>();

  async function principalOf(client: Client, username: string | undefined, password: Buffer | undefined): Promise<Principal | null> {
    if (username === undefined || password === undefined) return null;
    if (username === options.node.username) return sameSecret(password, options.node.password) ? NODE_PRINCIPAL : null;
    const verifier = options.verifier();
    if (verifier === undefined) return null;
    const principal = await verifier.verify(password.toString("utf8"));
    if (principal === null) return null;
    // The user name must say who the credential belongs to: a token is not a key, nor another person's.
    if (principal.kind === "key") return username === API_KEY_USERNAME ? principal : null;
    return username === principal.userId && principal.expiresAt > now() ? principal : null;
  }

  /** The access context of a connected client, or undefined when it is unknown or its token has expired. */
  function contextOf(client: Client | null): MqttAccessContext | undefined {
    const principal = client === null ? undefined : principals.get(client);
    if (client === null || principal === undefined) return undefined;
    if (principal.kind === "person" && principal.expiresAt <= now()) return undefined;
    return { principal, root: options.root, clientId: client.id };
  }

  return {
    authenticate(client, username, password, done) {
      principalOf(client, username, password).then(
        (principal) => {
          if (principal === null) return done(refusal(NOT_AUTHORIZED, "not authorized"), false);
          principals.set(client, principal);
          done(null, true);
        },
        // The verifier could not answer (its database is away): the client may retry, nothing is granted.
        () => done(refusal(SERVER_UNAVAILABLE, "credential verification unavailable"), false),
      );
    },
    // A refused publish ends the connection (aedes has no other answer on MQTT 3.1.1): nothing is delivered.
    authorizePublish(client, packet: PublishPacket, callback) {
      const context = contextOf(client);
      callback(context !== undefined && mqttAllows(context, "publish", packet.topic) ? null : new Error("not authorized to publish here"));
    },
    // A refused filter is answered with SUBACK 0x80 and the connection stays.
    authorizeSubscribe(client, subscription: Subscription, callback) {
      const context = contextOf(client);
      callback(null, context !== undefined && mqttAllows(context, "subscribe", subscription.topic) ? subscription : null);
    },
    // Retained messages and deliveries pass here too: nothing reaches a client that could not subscribe to its topic.
    authorizeForward(client, packet: AedesPublishPacket) {
      if (principals.get(client) === NODE_PRINCIPAL) return packet;
      const context = contextOf(client);
      return context !== undefined && mqttAllows(context, "subscribe", packet.topic) ? packet : null;
    },
  };
}
