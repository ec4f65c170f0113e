import type { Principal } from "./schemas.ts";

/**
 * Turns a presented credential into who is calling. The HTTP API (bearer credentials) and the embedded MQTT
 * broker (username + password) share one, so both doors accept exactly the same keys and tokens.
 */
export interface CredentialVerifier {
  /** The principal of an API key (`gk_…`) or a person's token, or null when it is not (or no longer) valid. */
  verify(credential: string): Promise<Principal | null>;
}

/**
 * Accounts an external broker keeps for people's own MQTT clients (DESIGN.md §11): created when a person's
 * token is issued, removed when the person is erased. The embedded broker verifies tokens itself and needs none.
 */
export interface BrokerAccounts {
  grantPerson(userId: string, token: string, expiresAt: Date): Promise<void>;
  revokePerson(userId: string): Promise<void>;
  /** Removes the accounts whose token expired before `now`, for a broker without expiry of its own; how many went. */
  expireAccounts?(now: Date): Promise<number>;
}

export const NO_BROKER_ACCOUNTS: BrokerAccounts = {
  grantPerson: async () => undefined,
  revokePerson: async () => undefined,
};
