import type { Db } from "mongodb";
import type { BirthData } from "../modules/birth-data.ts";
import type { ModuleOutput } from "../modules/contract.ts";
import { COLLECTIONS, isDuplicateKey } from "./database.ts";

export interface UserDocument {
  _id: string;
  birth: BirthData;
  /** Id of the birth-data event that produced the current birth data: the pipeline's revision key. */
  birth_event_id: string;
  birth_event_time: Date;
  created_at: Date;
  updated_at: Date;
}

export interface ProfileDocument extends Partial<ModuleOutput> {
  user_id: string;
  module: string;
  source_event_id: string;
  source_event_time: Date;
  status: "ok" | "error";
  error?: { error: string; message: string; issues?: { path: string; message: string }[] };
  stored_at: Date;
}

export interface SynthesisDocument {
  user_id: string;
  source_event_id: string;
  source_event_time: Date;
  generated_at: Date;
  modules: Record<string, ModuleOutput>;
  insights: string[];
  errors: { module: string; error: string; message: string }[];
  /** Each tracking module's context for the user when the synthesis was written (`as_of` says when). */
  tracking?: Record<string, TrackingContribution>;
}

export interface TrackingContribution {
  as_of: string;
  data: Record<string, unknown>;
  insights: string[];
}

/** A profile's primary key: one per (user, module). Module names never contain ":". */
export const profileKey = (userId: string, module: string): string => `${userId}:${module}`;

type Keyed<T> = T & { _id: string };

/**
 * Users, their module profiles and syntheses. Every lookup of the pipeline goes through the primary key
 * (`_id`: the user id, or `<user id>:<module>` for profiles), which every MongoDB-compatible server serves
 * from its primary index, whatever secondary indexes it supports.
 */
export class UserStore {
  /**
   * @param moduleNames the calculation modules whose profiles a user can have, so a user's profiles are read
   *   by key rather than searched for.
   */
  constructor(
    private readonly db: Db,
    private readonly moduleNames: readonly string[],
  ) {}

  private get users() {
    return this.db.collection<UserDocument>(COLLECTIONS.users);
  }
  private get profiles() {
    return this.db.collection<Keyed<ProfileDocument>>(COLLECTIONS.profiles);
  }
  private get syntheses() {
    return this.db.collection<Keyed<SynthesisDocument>>(COLLECTIONS.syntheses);
  }

  getUser(id: string): Promise<UserDocument | null> {
    return this.users.findOne({ _id: id });
  }

  /** The user's current birth-data event, without the birth data. */
  getUserRevision(id: string): Promise<Pick<UserDocument, "_id" | "birth_event_id" | "birth_event_time"> | null> {
    return this.users.findOne({ _id: id }, { projection: { birth_event_id: 1, birth_event_time: 1 } });
  }

  /**
   * Stores birth data from an event unless a newer event already did; a redelivered or older event changes
   * nothing. Returns whether this event's data is now the user's.
   */
  async applyBirthEvent(id: string, birth: BirthData, eventId: string, eventTime: Date, now: Date): Promise<boolean> {
    const current = await this.users.findOne({ _id: id }, { projection: { birth_event_id: 1, birth_event_time: 1 } });
    if (current !== null) {
      if (current.birth_event_id === eventId) return true;
      if (current.birth_event_time > eventTime) return false;
      const result = await this.users.updateOne(
        { _id: id, birth_event_id: current.birth_event_id },
        { $set: { birth, birth_event_id: eventId, birth_event_time: eventTime, updated_at: now } },
      );
      return result.modifiedCount === 1 || result.matchedCount === 1;
    }
    try {
      await this.users.insertOne({
        _id: id,
        birth,
        birth_event_id: eventId,
        birth_event_time: eventTime,
        created_at: now,
        updated_at: now,
      });
      return true;
    } catch (error) {
      // Another node stored this user first: retry once against what it stored.
      if (isDuplicateKey(error)) return this.applyBirthEvent(id, birth, eventId, eventTime, now);
      throw error;
    }
  }

  /** Removes every document of the user in every collection; returns how many went. */
  async deleteUser(id: string): Promise<number> {
    // Profiles are also matched by user id, not only by key, so that none of a removed module stays behind.
    const results = await Promise.all([
      this.users.deleteOne({ _id: id }),
      this.profiles.deleteMany({ user_id: id }),
      this.syntheses.deleteMany({ _id: id }),
    ]);
    return results.reduce((sum, result) => sum + result.deletedCount, 0);
  }

  getProfile(userId: string, module: string): Promise<ProfileDocument | null> {
    return this.profiles.findOne({ _id: profileKey(userId, module) }, { projection: { _id: 0 } });
  }

  /** The user's profiles, one read by key per module, in module name order. */
  async listProfiles(userId: string): Promise<ProfileDocument[]> {
    const found = await Promise.all([...this.moduleNames].sort().map((module) => this.getProfile(userId, module)));
    return found.filter((profile): profile is ProfileDocument => profile !== null);
  }

  /**
   * Stores a module's profile unless the stored one comes from the same or a later event: one write, no
   * read. A redelivered or out-of-order event hits the unique (user_id, module) index and changes nothing.
   */
  async putProfileIfNewer(profile: ProfileDocument): Promise<boolean> {
    return replaceIfNewer(() =>
      this.profiles.replaceOne(
        { _id: profileKey(profile.user_id, profile.module), source_event_time: { $lt: profile.source_event_time } },
        profile,
        { upsert: true },
      ),
    );
  }

  /** Which module answered which event for a user, without reading the outputs. */
  async profileHeads(userId: string): Promise<{ module: string; source_event_id: string }[]> {
    const heads = await Promise.all(
      this.moduleNames.map((module) =>
        this.profiles.findOne({ _id: profileKey(userId, module) }, { projection: { _id: 0, module: 1, source_event_id: 1 } }),
      ),
    );
    return heads.filter((head): head is NonNullable<typeof head> => head !== null);
  }

  getSynthesis(userId: string): Promise<SynthesisDocument | null> {
    return this.syntheses.findOne({ _id: userId }, { projection: { _id: 0 } });
  }

  /** Stores a synthesis unless one for the same or a later birth-data event is stored; false then. */
  async putSynthesisIfNewer(synthesis: SynthesisDocument): Promise<boolean> {
    return replaceIfNewer(() =>
      this.syntheses.replaceOne(
        { _id: synthesis.user_id, source_event_time: { $lt: synthesis.source_event_time } },
        synthesis,
        { upsert: true },
      ),
    );
  }

  countUsers(): Promise<number> {
    return this.users.estimatedDocumentCount();
  }
}

/** Runs a conditional upsert; a duplicate key means a same-or-newer document is already there. */
async function replaceIfNewer(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
