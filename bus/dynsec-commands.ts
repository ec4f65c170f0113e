import { z } from "zod";
import { mqttGrants } from "../auth/mqtt-access.ts";
import { UserIdSchema } from "../core/events.ts";
import { GuttersError } from "../core/errors.ts";

/**
 * The commands of Mosquitto's dynamic security plugin (https://mosquitto.org/documentation/dynamic-security/)
 * that keep a person's broker account, as data: `dynsec-accounts.ts` sends them and reads the answers.
 */

/** Where commands go and their answers come back (plugin API version 1). */
export const DYNSEC_TOPIC = "$CONTROL/dynamic-security/v1";
export const DYNSEC_RESPONSE_TOPIC = `${DYNSEC_TOPIC}/response`;

export type DynsecCommand = { command: string } & Record<string, unknown>;

/**
 * Broker user names GUTTERS itself uses: a person with such an id gets no broker account, so a token can never
 * take over the node's account (`gutters-node`) or pose as a service (`apikey`).
 */
export const RESERVED_BROKER_USERNAMES: readonly string[] = ["gutters-node", "apikey"];

/** The role holding one person's ACLs; its presence on a broker client marks the account as one GUTTERS keeps. */
export function personRole(userId: string): string {
  return `gutters-person-${userId}`;
}

/** A person's broker account cannot be made or removed (a reserved name, or an account GUTTERS does not keep). */
export class BrokerAccountConflict extends GuttersError {
  constructor(message: string) {
    super("broker_account_conflict", message, { status: 409 });
  }
}

/** The user id as a broker user name, or a conflict when it cannot be one. */
export function brokerUsername(userId: string): string {
  if (!UserIdSchema.safeParse(userId).success) throw new BrokerAccountConflict("not a user id");
  if (RESERVED_BROKER_USERNAMES.includes(userId)) throw new BrokerAccountConflict(`the user id ${userId} is reserved on the broker`);
  return userId;
}

/**
 * The role of a person from the one access table (`auth/mqtt-access.ts`): subscribe patterns and publish
 * topics allowed, everything else left to the plugin's default access, which denies publishing and
 * subscribing (`defaultACLAccess`: publishClientSend and subscribe false).
 */
export function personRoleCommands(root: string, userId: string): DynsecCommand[] {
  const grants = mqttGrants({ principal: { kind: "person", userId, expiresAt: new Date(0) }, root, clientId: "" });
  if (grants === "all") throw new Error("a person is never granted everything");
  const rolename = personRole(userId);
  const acl = (acltype: string, topic: string): DynsecCommand => ({ command: "addRoleACL", rolename, acltype, topic, allow: true });
  return [
    { command: "createRole", rolename, textname: `GUTTERS person ${userId}` },
    ...grants.subscribe.map((topic) => acl("subscribePattern", topic)),
    ...grants.publish.map((topic) => acl("publishClientSend", topic)),
  ];
}

/**
 * The name an account of a person carries: it says until when its password (the person's latest token) is valid,
 * since Mosquitto keeps no expiry of its own.
 */
export function accountTextname(userId: string, expiresAt: Date): string {
  return `GUTTERS person ${userId} until ${expiresAt.toISOString()}`;
}

const UNTIL = / until (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

/** A broker client as `listClients` (verbose) or `getClient` describe it. */
const ListedClientSchema = z.object({
  username: z.string(),
  textname: z.string().optional(),
  roles: z.array(z.object({ rolename: z.string() })).default([]),
});
export type ListedClient = z.infer<typeof ListedClientSchema>;

/** The answer to `listClients` with `verbose`: one page of clients. */
export const ClientPageSchema = z.object({ totalCount: z.number().int().nonnegative(), clients: z.array(ListedClientSchema) });

/**
 * Whether a client is a person's account GUTTERS keeps whose token expired before `now`. Accounts made before
 * their expiry was recorded have none in their name, and are left to their next grant or erasure.
 */
export function expiredAccount(client: ListedClient, now: Date): boolean {
  if (!client.roles.some((role) => role.rolename === personRole(client.username))) return false;
  const until = UNTIL.exec(client.textname ?? "")?.[1];
  return until !== undefined && new Date(until) < now;
}

/** The client in a `getClient` answer, or undefined when there is none. */
export function clientOf(response: DynsecResponse): ListedClient | undefined {
  const parsed = z.object({ client: ListedClientSchema }).safeParse(response.data);
  return parsed.success ? parsed.data.client : undefined;
}

/** One answer of the plugin: `error` is set when the command failed. */
export const DynsecResponseSchema = z.object({
  command: z.string(),
  error: z.string().optional(),
  correlationData: z.string().optional(),
  data: z.unknown().optional(),
});
export type DynsecResponse = z.infer<typeof DynsecResponseSchema>;

export const DynsecResponsesSchema = z.object({ responses: z.array(DynsecResponseSchema) });

/** The answer to `getClient`: the role names of the account. */
const ClientDataSchema = z.object({ client: z.object({ roles: z.array(z.object({ rolename: z.string() })).default([]) }) });

/** What a `getClient` answer says about a person's account: absent, one GUTTERS keeps, or someone else's. */
export function accountState(response: DynsecResponse, userId: string): "absent" | "ours" | "foreign" {
  if (response.error === "Client not found") return "absent";
  if (response.error !== undefined) throw new Error(`getClient: ${response.error}`);
  const parsed = ClientDataSchema.safeParse(response.data);
  if (!parsed.success) throw new Error("getClient: unexpected answer");
  return parsed.data.client.roles.some((role) => role.rolename === personRole(userId)) ? "ours" : "foreign";
}

/** Errors that mean the wanted state is already there, so running a grant or a revoke twice is harmless. */
const ALREADY_DONE: Record<string, readonly string[]> = {
  createRole: ["Role already exists"],
  addRoleACL: ["ACL with this topic already exists"],
  deleteClient: ["Client not found"],
  deleteRole: ["Role not found"],
};

/** The first answer that is a real failure, or undefined when every command reached its wanted state. */
export function firstFailure(responses: readonly DynsecResponse[]): DynsecResponse | undefined {
  return responses.find((response) => response.error !== undefined && !(ALREADY_DONE[response.command] ?? []).includes(response.error));
}
