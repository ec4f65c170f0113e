import mqtt, { type MqttClient } from "mqtt";
import { type BrokerAccounts, NO_BROKER_ACCOUNTS } from "../auth/verifier.ts";
import { UnavailableError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { redactUrlCredentials } from "../core/redact.ts";
import {
  accountState,
  accountTextname,
  BrokerAccountConflict,
  brokerUsername,
  ClientPageSchema,
  clientOf,
  expiredAccount,
  DYNSEC_RESPONSE_TOPIC,
  DYNSEC_TOPIC,
  type DynsecCommand,
  type DynsecResponse,
  type ListedClient,
  DynsecResponsesSchema,
  firstFailure,
  personRole,
  personRoleCommands,
} from "./dynsec-commands.ts";

export interface ClosableBrokerAccounts extends BrokerAccounts {
  close(): Promise<void>;
}

export interface DynsecAccountsOptions {
  /** The broker, with the credentials of a dynamic security admin (`services.sh` makes `gutters-node` one). */
  url: string;
  /** The topic root the people's ACLs are written for. */
  root: string;
  logger: Logger;
  /** How long connecting, and each batch of commands, may take before it fails with 503. */
  timeoutMs?: number;
  /**
   * Runs the work on one person's account exclusively among the nodes sharing the broker (a lease in the
   * database), so that removing an expired account never removes the one a grant elsewhere just renewed.
   */
  exclusive?: <T>(key: string, work: () => Promise<T>) => Promise<T>;
  /** Accounts whose token expired are removed this often, ms (none when absent). */
  expirySweepMs?: number;
}

/** Clients one `listClients` page holds. */
const LIST_PAGE = 1000;

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * People's accounts on a Mosquitto broker through its dynamic security plugin, on a connection of their own.
 * `grantPerson` makes (or updates) a client named by the user id whose password is the person's token, with a
 * role `gutters-person-<id>` written from the access table; `revokePerson` removes both, which also ends the
 * person's open connections. Both may run twice. Mosquitto has no expiry for an account: the token works as a
 * password until the next grant or the revoke. Fails at connect when the broker does not answer the plugin's
 * commands (no plugin, or an account without the right to use it).
 */
export async function connectDynsecAccounts(options: DynsecAccountsOptions): Promise<ClosableBrokerAccounts> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = redactUrlCredentials(options.url);
  const client: MqttClient = mqtt.connect(options.url, {
    clientId: `gutters-accounts-${crypto.randomUUID().slice(0, 12)}`,
    reconnectPeriod: 1000,
    connectTimeout: timeoutMs,
  });
  const pending = new Map<string, (responses: DynsecResponse[]) => void>();
  client.on("message", (topic, payload) => {
    if (topic !== DYNSEC_RESPONSE_TOPIC) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString());
    } catch {
      return;
    }
    const result = DynsecResponsesSchema.safeParse(parsed);
    // Every node on the broker hears every answer: only the ones of this connection's batches are taken.
    const batch = result.success ? result.data.responses[0]?.correlationData?.split(":")[0] : undefined;
    const resolve = batch === undefined ? undefined : pending.get(batch);
    if (result.success && resolve !== undefined) resolve(result.data.responses);
  });
  client.on("error", (error) => options.logger.warn("broker accounts connection error", { error: error.message }));

  const bounded = <T>(what: string, work: Promise<T>, onTimeout: () => void = () => undefined): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new UnavailableError(`${what}: no answer from the MQTT broker at ${where} within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };

  /** Sends commands as one batch and waits for their answers, in the order sent. */
  const send = (commands: DynsecCommand[]): Promise<DynsecResponse[]> => {
    const batch = crypto.randomUUID();
    const answered = new Promise<DynsecResponse[]>((resolve) => pending.set(batch, resolve));
    const tagged = commands.map((command, index) => ({ ...command, correlationData: `${batch}:${index}` }));
    const published = client.publishAsync(DYNSEC_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 });
    const work = published.then(() => answered).then((responses) =>
      [...responses].sort((a, b) => Number(a.correlationData?.split(":")[1]) - Number(b.correlationData?.split(":")[1])),
    );
    return bounded(`dynamic security ${commands[0]?.command ?? "command"}`, work).finally(() => pending.delete(batch));
  };

  // One batch at a time: a grant reads the account, then writes it, and nothing may change it in between.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = tail.then(job, job);
    tail = next.catch(() => undefined);
    return next;
  };
  const run = async (commands: DynsecCommand[]): Promise<void> => {
    const failure = firstFailure(await send(commands));
    if (failure !== undefined) throw new Error(`dynamic security ${failure.command} failed: ${failure.error}`);
  };
  const stateOf = async (userId: string) => {
    const [response] = await send([{ command: "getClient", username: userId }]);
    if (response === undefined) throw new Error("dynamic security getClient: no answer");
    return accountState(response, userId);
  };

  try {
    // A refused CONNACK (wrong password) is said at once instead of after the whole bound.
    const connected = new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    await bounded("connecting for broker accounts", connected, () => client.end(true));
    await bounded("subscribing to dynamic security answers", client.subscribeAsync(DYNSEC_RESPONSE_TOPIC, { qos: 1 }).then(() => undefined));
    // A command every admin may run: it answers only where the plugin runs and this account may use it.
    await run([{ command: "getDefaultACLAccess" }]);
  } catch (error) {
    await client.endAsync(true).catch(() => undefined);
    throw new UnavailableError(`the MQTT broker at ${where} does not offer dynamic security to this account: ${(error as Error).message}`, error);
  }

  const exclusive = options.exclusive ?? (<T>(_key: string, work: () => Promise<T>) => work());
  /** One person's account, one change at a time on this node and among nodes. */
  const onAccount = <T>(username: string, work: () => Promise<T>): Promise<T> => serial(() => exclusive(`broker-account:${username}`, work));

  /** The clients on the broker, page by page. */
  const listClients = async (): Promise<ListedClient[]> => {
    const clients: ListedClient[] = [];
    for (let offset = 0; ; offset += LIST_PAGE) {
      const [response] = await send([{ command: "listClients", verbose: true, count: LIST_PAGE, offset }]);
      if (response === undefined || response.error !== undefined) throw new Error(`dynamic security listClients: ${response?.error ?? "no answer"}`);
      const page = ClientPageSchema.parse(response.data);
      clients.push(...page.clients);
      if (page.clients.length < LIST_PAGE || clients.length >= page.totalCount) return clients;
    }
  };

  const expireAccounts = async (now: Date): Promise<number> => {
    let removed = 0;
    for (const listed of (await listClients()).filter((client) => expiredAccount(client, now))) {
      // Read again under the account's lease: a grant since then renewed it.
      const gone = await onAccount(listed.username, async () => {
        const [response] = await send([{ command: "getClient", username: listed.username }]);
        const client = response === undefined ? undefined : clientOf(response);
        if (client === undefined || !expiredAccount(client, now)) return false;
        await run([{ command: "deleteClient", username: client.username }, { command: "deleteRole", rolename: personRole(client.username) }]);
        return true;
      });
      if (gone) removed += 1;
    }
    if (removed > 0) options.logger.info("expired broker accounts removed", { accounts: removed });
    return removed;
  };

  const sweep =
    options.expirySweepMs === undefined
      ? undefined
      : setInterval(() => {
          expireAccounts(new Date()).catch((error: unknown) => options.logger.warn("cannot remove expired broker accounts", { error: (error as Error).message }));
        }, options.expirySweepMs);

  return {
    grantPerson: async (userId, token, expiresAt) => {
      const username = brokerUsername(userId);
      await onAccount(username, async () => {
        const state = await stateOf(username);
        if (state === "foreign") throw new BrokerAccountConflict(`the broker has an account named ${userId} that GUTTERS does not keep`);
        const rolename = personRole(userId);
        const textname = accountTextname(userId, expiresAt);
        await run([
          ...personRoleCommands(options.root, userId),
          ...(state === "absent"
            ? [{ command: "createClient", username, password: token, textname, roles: [{ rolename, priority: -1 }] }]
            : [
                { command: "setClientPassword", username, password: token },
                { command: "modifyClient", username, textname },
              ]),
        ]);
        options.logger.debug("broker account granted", { user: userId });
      });
    },
    expireAccounts,
    revokePerson: async (userId) => {
      let username: string;
      try {
        username = brokerUsername(userId);
      } catch {
        return; // no account is ever made for such an id
      }
      await onAccount(username, async () => {
        const state = await stateOf(username);
        if (state === "foreign") {
          options.logger.warn("broker account not removed: GUTTERS does not keep it", { user: userId });
          return;
        }
        await run([...(state === "ours" ? [{ command: "deleteClient", username }] : []), { command: "deleteRole", rolename: personRole(userId) }]);
        options.logger.debug("broker account removed", { user: userId });
      });
    },
    close: async () => {
      if (sweep !== undefined) clearInterval(sweep);
      pending.clear();
      await client.endAsync(true).catch(() => undefined);
    },
  };
}

/** Which broker accounts a node keeps (`GUTTERS_BROKER_ACCOUNTS`): none, or Mosquitto's dynamic security. */
export async function openBrokerAccounts(mode: "none" | "dynsec", options: DynsecAccountsOptions): Promise<ClosableBrokerAccounts> {
  if (mode === "dynsec") return connectDynsecAccounts(options);
  return { ...NO_BROKER_ACCOUNTS, close: async () => undefined };
}
