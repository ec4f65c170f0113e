import { type Db, MongoClient } from "mongodb";
import { UnavailableError } from "../core/errors.ts";
import { redactUrlCredentials } from "../core/redact.ts";

/** The collections GUTTERS owns (DESIGN.md §6). */
export const COLLECTIONS = {
  configurations: "system_configurations",
  users: "users",
  profiles: "profiles",
  syntheses: "syntheses",
  trackingHistory: "tracking_history",
  trackingOccurrences: "tracking_occurrences",
  trackingTicks: "tracking_ticks",
  leases: "leases",
  apiKeys: "api_keys",
  signingKeys: "signing_keys",
  journalEntries: "journal_entries",
  observerFindings: "observer_findings",
  hypotheses: "hypotheses",
  intelligenceDue: "intelligence_due",
} as const;

export interface Database {
  /** Always the current client's database, also after the client was replaced. */
  db: Db;
  ping(): Promise<boolean>;
  /** Times the client was replaced because it stopped reconnecting by itself. */
  readonly replacements: number;
  close(): Promise<void>;
}

/** An operation may take this many service timeouts in all (selection, checkout, the server's answer). */
const OPERATION_TIMEOUT_FACTOR = 5;

export interface DatabaseOptions {
  databaseName?: string;
  /** How long an operation waits for a server before failing (then 503). */
  timeoutMs?: number;
  /** Told when the client is replaced. */
  onReplaced?: (reason: string) => void;
}

/**
 * Connects, creates the indexes the writes rely on for idempotency, and returns the handle. `timeoutMs`
 * bounds how long an operation waits for a server: while the database is down, requests fail fast (503)
 * instead of hanging. The driver reconnects by itself; when it does not (seen under load with a server
 * killed and restarted in a loop: its monitor stayed on a closed connection while a new client connected
 * at once), a watchdog that finds the server unreachable for three periods in a row tries a new client and
 * swaps it in when that one answers.
 */
export async function connectDatabase(uri: string, options: DatabaseOptions = {}): Promise<Database> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const open = async (): Promise<MongoClient> => {
    const fresh = new MongoClient(uri, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: Math.max(30_000, timeoutMs * 6),
      heartbeatFrequencyMS: Math.max(500, Math.min(10_000, timeoutMs)),
    });
    try {
      await fresh.connect();
      return fresh;
    } catch (error) {
      await fresh.close(true).catch(() => undefined);
      throw error;
    }
  };
  let client: MongoClient;
  try {
    client = await open();
  } catch (error) {
    throw new Error(`cannot connect to MongoDB at ${redactUrlCredentials(uri)}: ${(error as Error).message}`);
  }
  const current = (): Db => client.db(options.databaseName);
  const operationMs = timeoutMs * OPERATION_TIMEOUT_FACTOR;
  // Stores keep this handle; every property is read from the current client's database, and every
  // operation of its collections is bounded in time (see `bounded`).
  const db = new Proxy({} as Db, {
    get(_target, property) {
      const target = current();
      if (property === "collection") {
        return (name: string) => bounded(target.collection(name), operationMs);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  await ensureIndexes(current());

  const ping = async (target: MongoClient): Promise<boolean> => {
    // Bounded even when the driver would wait for a server: readiness must answer at once.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.min(timeoutMs, 1000));
    });
    const answer = await Promise.race([
      target.db(options.databaseName).command({ ping: 1 }).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    return answer;
  };

  let failures = 0;
  let replacements = 0;
  let closed = false;
  let healing = false;
  const watchdog = setInterval(async () => {
    if (healing || closed) return;
    healing = true;
    try {
      if (await ping(client)) {
        failures = 0;
        return;
      }
      failures += 1;
      if (failures < 3) return;
      const fresh = await open().catch(() => undefined);
      if (fresh === undefined || closed) {
        await fresh?.close(true).catch(() => undefined);
        return;
      }
      const stale = client;
      client = fresh;
      failures = 0;
      replacements += 1;
      options.onReplaced?.("the database answered a new client while the old one stayed disconnected");
      void stale.close(true).catch(() => undefined);
    } finally {
      healing = false;
    }
  }, timeoutMs);
  watchdog.unref();

  return {
    db,
    ping: () => ping(client),
    get replacements() {
      return replacements;
    },
    async close() {
      closed = true;
      clearInterval(watchdog);
      await client.close();
    },
  };
}

/**
 * Creates every collection up front, one after another, so that the first writes of a busy node never race
 * to create the same collection (some MongoDB-compatible servers serialise collection creation slowly).
 */
async function ensureCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name));
  for (const name of Object.values(COLLECTIONS)) {
    if (existing.has(name)) continue;
    try {
      await db.createCollection(name);
    } catch (error) {
      // Another node created it in the meantime (NamespaceExists).
      if ((error as { code?: unknown }).code !== 48) throw error;
    }
  }
}

async function ensureIndexes(db: Db): Promise<void> {
  await ensureCollections(db);
  await db.collection(COLLECTIONS.configurations).createIndex({ module_name: 1 }, { unique: true });
  // Profiles (`<user>:<module>`) and syntheses (`<user>`) are unique by primary key. The unique secondary
  // indexes of earlier versions are dropped: FerretDB checks them with a scan on every write (seen here: the
  // pipeline slowed from 23 to 9 users/s as the syntheses grew to 3 000).
  for (const [collection, index] of [
    [COLLECTIONS.profiles, "user_id_1_module_1"],
    [COLLECTIONS.syntheses, "user_id_1"],
  ] as const) {
    await db.collection(collection).dropIndex(index).catch(() => undefined);
  }
  await db.collection(COLLECTIONS.trackingHistory).createIndex({ module: 1, at: -1 });
  // The reconciler's work list: users whose current revision is not yet synthesized and announced.
  await db.collection(COLLECTIONS.users).createIndex({ pending_since: 1 });
  await db.collection(COLLECTIONS.trackingOccurrences).createIndex({ subject: 1 });
  // A person's journal, findings and hypotheses are read (and erased) by user id; documents stay keyed by
  // `<user>:<id>` so that a redelivered write hits the same key.
  await db.collection(COLLECTIONS.journalEntries).createIndex({ user_id: 1, sort_key: -1 });
  await db.collection(COLLECTIONS.observerFindings).createIndex({ user_id: 1 });
  await db.collection(COLLECTIONS.hypotheses).createIndex({ user_id: 1 });
  // The recovery lookup (overdue marks of a kind) and erasure (a person's marks).
  await db.collection(COLLECTIONS.intelligenceDue).createIndex({ kind: 1, marked_at: 1 });
  await db.collection(COLLECTIONS.intelligenceDue).createIndex({ user_id: 1 });
}


/** Whether an error is MongoDB's duplicate-key error (code 11000), the signal that an upsert lost a race. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}

const UNAVAILABLE_ERRORS = new Set([
  "DatabaseTimeoutError",
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoClientClosedError",
  "MongoServerClosedError",
  "MongoOperationTimeoutError",
  "MongoPoolClearedError",
  "MongoPoolClosedError",
  "PoolClearedError",
  "PoolClearedOnNetworkError",
]);

/** Whether an error says the database could not be reached (as opposed to a bad query or a defect). */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (typeof name === "string" && UNAVAILABLE_ERRORS.has(name)) return true;
  // The driver labels errors a retry may cure (a connection reset mid-operation, a pool being cleared).
  const labels = (error as { errorLabels?: unknown }).errorLabels;
  return Array.isArray(labels) && labels.some((label) => TRANSIENT_LABELS.has(String(label)));
}

const TRANSIENT_LABELS = new Set(["RetryableWriteError", "ResetPool", "TransientTransactionError", "SystemOverloadedError"]);

/** Runs a database operation; an unreachable database becomes a 503 `unavailable` error. */
export async function orUnavailable<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (isUnavailable(error)) throw new UnavailableError("the database is not reachable; retry shortly", error);
    throw error;
  }
}

/** An operation that got no answer within its bound (the database was killed under it, or hangs). */
export class DatabaseTimeoutError extends Error {
  constructor(operation: string, ms: number) {
    super(`the database did not answer ${operation} within ${ms} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

/**
 * A collection whose promise-returning operations fail after `ms` instead of waiting forever: an operation
 * on a connection whose server was killed in the middle was seen to wait for good under Bun, socket
 * timeouts notwithstanding (and the driver's `timeoutMS` has no effect in this version). Cursors are left
 * as they are; their operations are rarer and read-only.
 */
function bounded<T extends object>(collection: T, ms: number): T {
  return new Proxy(collection, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...args: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new DatabaseTimeoutError(String(property), ms)), ms);
        });
        return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
      };
    },
  });
}
