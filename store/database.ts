import { type Db, MongoClient } from "mongodb";

/** The collections GUTTERS owns (DESIGN.md §6). */
export const COLLECTIONS = {
  configurations: "system_configurations",
  users: "users",
  profiles: "profiles",
  syntheses: "syntheses",
  trackingHistory: "tracking_history",
  trackingOccurrences: "tracking_occurrences",
  trackingTicks: "tracking_ticks",
} as const;

export interface Database {
  db: Db;
  client: MongoClient;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Connects, creates the indexes the writes rely on for idempotency, and returns the handle. */
export async function connectDatabase(uri: string, databaseName?: string): Promise<Database> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to MongoDB at ${redactUri(uri)}: ${(error as Error).message}`);
  }
  const db = client.db(databaseName);
  await ensureIndexes(db);
  return {
    db,
    client,
    async ping() {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
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
  await db.collection(COLLECTIONS.profiles).createIndex({ user_id: 1, module: 1 }, { unique: true });
  await db.collection(COLLECTIONS.syntheses).createIndex({ user_id: 1 }, { unique: true });
  await db.collection(COLLECTIONS.trackingHistory).createIndex({ module: 1, at: -1 });
}

/** Hides credentials in a connection string before it reaches a log or an error message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, "//***@");
}

/** Whether an error is MongoDB's duplicate-key error (code 11000), the signal that an upsert lost a race. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}
