import { randomBytes } from "node:crypto";
import type { Db } from "mongodb";
import { type ApiKeyDocument, ApiKeyDocumentSchema, type Scope } from "../auth/schemas.ts";
import { COLLECTIONS, isDuplicateKey } from "./database.ts";

interface SigningKeyDocument {
  _id: string;
  secret: string;
  created_at: Date;
}

const PERSON_TOKENS = "person-tokens";

/** A key as listed to an admin: never its hash. */
export interface ApiKeyListing {
  id: string;
  scopes: Scope[];
  label?: string;
  created_at: string;
}

/** `api_keys` (hashes only) and the shared secret that signs people's tokens. */
export class CredentialStore {
  constructor(private readonly db: Db) {}

  private get keys() {
    return this.db.collection<ApiKeyDocument>(COLLECTIONS.apiKeys);
  }

  async insertKey(document: ApiKeyDocument): Promise<void> {
    await this.keys.insertOne(ApiKeyDocumentSchema.parse(document));
  }

  async findKey(id: string): Promise<ApiKeyDocument | null> {
    const found = await this.keys.findOne({ _id: id });
    if (found === null) return null;
    // A row that is not a key (edited by hand, another version) grants nothing.
    const parsed = ApiKeyDocumentSchema.safeParse(found);
    return parsed.success ? parsed.data : null;
  }

  async deleteKey(id: string): Promise<boolean> {
    return (await this.keys.deleteOne({ _id: id })).deletedCount === 1;
  }

  async listKeys(): Promise<ApiKeyListing[]> {
    const rows = await this.keys.find({}, { projection: { hash: 0 } }).sort({ created_at: 1 }).limit(10_000).toArray();
    return rows.map((row) => ({
      id: row._id,
      scopes: row.scopes,
      ...(row.label !== undefined ? { label: row.label } : {}),
      created_at: row.created_at.toISOString(),
    }));
  }

  async hasAdminKey(): Promise<boolean> {
    return (await this.keys.findOne({ scopes: "admin" }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * The secret every node signs and verifies people's tokens with: created by the first node that needs it;
   * a node racing it reads the winner's (the insert of a fixed `_id` is atomic).
   */
  async personTokenSecret(): Promise<Uint8Array> {
    const signing = this.db.collection<SigningKeyDocument>(COLLECTIONS.signingKeys);
    const existing = await signing.findOne({ _id: PERSON_TOKENS });
    if (existing !== null) return Buffer.from(existing.secret, "base64url");
    try {
      await signing.insertOne({ _id: PERSON_TOKENS, secret: randomBytes(32).toString("base64url"), created_at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return this.personTokenSecret();
  }
}
