import { expect, test } from "bun:test";
import { accountState, accountTextname, BrokerAccountConflict, brokerUsername, clientOf, expiredAccount, firstFailure, personRoleCommands } from "../../../bus/dynsec-commands.ts";

// Command names, ACL types and error strings are Mosquitto 2.0's dynamic security plugin
// (https://mosquitto.org/documentation/dynamic-security/); the error strings were read from its answers.

test("a person's role is written from the access table: subscribe patterns and publish topics, nothing else", () => {
  expect(personRoleCommands("gutters/v1", "alice")).toEqual([
    { command: "createRole", rolename: "gutters-person-alice", textname: "GUTTERS person alice" },
    { command: "addRoleACL", rolename: "gutters-person-alice", acltype: "subscribePattern", topic: "gutters/v1/users/alice/#", allow: true },
    { command: "addRoleACL", rolename: "gutters-person-alice", acltype: "subscribePattern", topic: "gutters/v1/events/#", allow: true },
    { command: "addRoleACL", rolename: "gutters-person-alice", acltype: "subscribePattern", topic: "gutters/v1/tracking/#", allow: true },
    { command: "addRoleACL", rolename: "gutters-person-alice", acltype: "publishClientSend", topic: "gutters/v1/users/alice/events/user/#", allow: true },
    { command: "addRoleACL", rolename: "gutters-person-alice", acltype: "publishClientSend", topic: "gutters/v1/users/alice/events/journal/#", allow: true },
    { command: "addRoleACL", rolename: "gutters-person-alice", acltype: "publishClientSend", topic: "gutters/v1/users/alice/requests/#", allow: true },
  ]);
});

test("user ids that are reserved broker names or not user ids get no account", () => {
  expect(brokerUsername("alice")).toBe("alice");
  for (const id of ["gutters-node", "apikey", "a/b", "+", "#", ""]) expect(() => brokerUsername(id)).toThrow(BrokerAccountConflict);
});

test("getClient answers tell an absent account, one GUTTERS keeps, and someone else's", () => {
  expect(accountState({ command: "getClient", error: "Client not found" }, "alice")).toBe("absent");
  const withRoles = (...rolenames: string[]) => ({ command: "getClient", data: { client: { username: "alice", roles: rolenames.map((rolename) => ({ rolename })) } } });
  expect(accountState(withRoles("gutters-person-alice"), "alice")).toBe("ours");
  expect(accountState(withRoles("admin"), "alice")).toBe("foreign");
  expect(accountState(withRoles(), "alice")).toBe("foreign");
  expect(() => accountState({ command: "getClient", error: "Permission denied" }, "alice")).toThrow("Permission denied");
  expect(() => accountState({ command: "getClient", data: { nope: 1 } }, "alice")).toThrow("unexpected answer");
});

test("errors that mean the wanted state is already there do not fail a grant or a revoke", () => {
  expect(
    firstFailure([
      { command: "createRole", error: "Role already exists" },
      { command: "addRoleACL", error: "ACL with this topic already exists" },
      { command: "deleteClient", error: "Client not found" },
      { command: "deleteRole", error: "Role not found" },
      { command: "setClientPassword" },
    ]),
  ).toBeUndefined();
  expect(firstFailure([{ command: "createRole" }, { command: "createClient", error: "Client already exists" }])).toEqual({
    command: "createClient",
    error: "Client already exists",
  });
});

test("an account is expired when it is a person's account GUTTERS keeps and the token named in it expired before now", () => {
  const now = new Date("2026-12-02T12:00:00.000Z");
  const account = (username: string, textname: string | undefined, rolename = `gutters-person-${username}`) => ({
    username,
    ...(textname !== undefined ? { textname } : {}),
    roles: [{ rolename }],
  });
  expect(accountTextname("ada", new Date("2026-12-02T11:59:59.999Z"))).toBe("GUTTERS person ada until 2026-12-02T11:59:59.999Z");
  expect(expiredAccount(account("ada", accountTextname("ada", new Date("2026-12-02T11:59:59.999Z"))), now)).toBe(true);
  expect(expiredAccount(account("ada", accountTextname("ada", now)), now)).toBe(false);
  expect(expiredAccount(account("ada", accountTextname("ada", new Date("2026-12-03T00:00:00.000Z"))), now)).toBe(false);
  // Made before expiries were recorded: left to the next grant or the erasure.
  expect(expiredAccount(account("ada", "GUTTERS person ada"), now)).toBe(false);
  expect(expiredAccount(account("ada", undefined), now)).toBe(false);
  // An account GUTTERS does not keep (no role of its person), whatever its name says.
  expect(expiredAccount(account("op", "GUTTERS person op until 2000-01-01T00:00:00.000Z", "operators"), now)).toBe(false);
  expect(expiredAccount(account("ada", "x until 2000-01-01T00:00:00.000Z until now"), now)).toBe(false);
});

test("a getClient answer gives its client; an error or another shape gives none", () => {
  const client = { username: "ada", textname: "t", roles: [{ rolename: "gutters-person-ada" }] };
  expect(clientOf({ command: "getClient", data: { client } })).toEqual(client);
  expect(clientOf({ command: "getClient", error: "Client not found" })).toBeUndefined();
  expect(clientOf({ command: "getClient", data: { client: { roles: [] } } })).toBeUndefined();
});
