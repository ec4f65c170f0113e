import { generateApiKey } from "./api-key.ts";

export interface BootstrapStore {
  hasAdminKey(): Promise<boolean>;
  insertKey(document: { _id: string; hash: string; scopes: ["admin"]; label: string; created_at: Date }): Promise<void>;
}

/**
 * First start without `GUTTERS_ADMIN_KEY` and without any admin key stored: creates one and hands it to
 * `reveal` (stderr), the only time the key exists outside the operator's hands. Returns whether it did.
 */
export async function ensureAdminKey(store: BootstrapStore, adminKeyFromEnv: string | undefined, reveal: (key: string) => void, now: Date): Promise<boolean> {
  if (adminKeyFromEnv !== undefined || (await store.hasAdminKey())) return false;
  const created = generateApiKey();
  await store.insertKey({ _id: created.id, hash: created.hash, scopes: ["admin"], label: "created on first start", created_at: now });
  reveal(created.key);
  return true;
}
