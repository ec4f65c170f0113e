import mqtt, { type MqttClient } from "mqtt";
import { type BrokerAccounts, NO_BROKER_ACCOUNTS } from "../auth/verifier.ts";
import { UnavailableError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { redactUrlCredentials } from "../core/redact.ts";
import {
  accountState,
  BrokerAccountConflict,
  brokerUsername,
  DYNSEC_RESPONSE_TOPIC,
  DYNSEC_TOPIC,
  type DynsecCommand,
  type DynsecResponse,
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
}

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

  return {
    grantPerson: (userId, token, _expiresAt) =>
      serial(async () => {
        const username = brokerUsername(userId);
        const state = await stateOf(username);
        if (state === "foreign") throw new BrokerAccountConflict(`the broker has an account named ${userId} that GUTTERS does not keep`);
        const rolename = personRole(userId);
        await run([
          ...personRoleCommands(options.root, userId),
          state === "absent"
            ? { command: "createClient", username, password: token, textname: `GUTTERS person ${userId}`, roles: [{ rolename, priority: -1 }] }
            : { command: "setClientPassword", username, password: token },
        ]);
        options.logger.debug("broker account granted", { user: userId });
      }),
    revokePerson: (userId) =>
      serial(async () => {
        let username: string;
        try {
          username = brokerUsername(userId);
        } catch {
          return; // no account is ever made for such an id
        }
        const state = await stateOf(username);
        if (state === "foreign") {
          options.logger.warn("broker account not removed: GUTTERS does not keep it", { user: userId });
          return;
        }
        await run([...(state === "ours" ? [{ command: "deleteClient", username }] : []), { command: "deleteRole", rolename: personRole(userId) }]);
        options.logger.debug("broker account removed", { user: userId });
      }),
    close: async () => {
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
