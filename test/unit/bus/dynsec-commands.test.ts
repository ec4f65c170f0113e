import { expect, test } from "bun:test";
import { accountState, BrokerAccountConflict, brokerUsername, firstFailure, personRoleCommands } from "../../../bus/dynsec-commands.ts";

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
