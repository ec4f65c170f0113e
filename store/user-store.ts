import type { Db } from "mongodb";
import type { BirthData } from "../modules/birth-data.ts";
import type { ModuleOutput, TrackedUser } from "../modules/contract.ts";
import { type NatalProfileProjection, trackedUserFromProfile } from "../modules/tracked-user.ts";
import type { Narrative } from "../modules/intelligence/themes/narrative-schemas.ts";
import type { SynthesisCore } from "../modules/intelligence/themes/schemas.ts";
import { COLLECTIONS, isDuplicateKey } from "./database.ts";
import { IntelligenceStore } from "./intelligence-store.ts";
import { type Leases, userLease } from "./leases.ts";
import { birthEventId, replaceableBy } from "./user-generation.ts";

export interface UserDocument {
  _id: string;
  birth: BirthData;
  /** Server-assigned, +1 on every change of birth data: the pipeline's ordering key (client clocks play no part). */
  revision: number;
  /** When the current revision was stored. */
  birth_event_time: Date;
  /** Set while the current revision has no announced synthesis: the reconciler's work list. */
  pending_since?: Date;
  /** The last client event applied over MQTT, so a redelivered one changes nothing twice. */
  client_event_id?: string;
  /**
   * Wall-clock instants as of which per-person work is current: the synthesis's tracking context (`context_at`, or
   * there was no synthesis to refresh) and the observer's view of the journal (`observed_at`). A change about
   * everyone after them (a sky event, the daily pass) leaves the user due. Kept here, not beside the work, because
   * finding the users due reads every document of the collection (FerretDB filters ranges after reading them), and
   * user documents are small.
   */
  context_at?: Date;
  observed_at?: Date;
  /** When the user's latest journal entry was stored (wall clock): the observer's daily pass covers these users. */
  journal_at?: Date;
  created_at: Date;
  updated_at: Date;
}

/** What the pipeline needs of a user to order its work, without the birth data. */
export type UserHead = Pick<UserDocument, "_id" | "revision" | "birth_event_time" | "pending_since" | "created_at"> & {
  /** Id of the current revision's birth-data event: profiles and syntheses name it. */
  birth_event_id: string;
};

type StoredHead = Pick<UserDocument, "_id" | "revision" | "birth_event_time" | "pending_since" | "created_at">;

/** A user's head, with the id of its current revision's event derived from what is stored. */
export function headOf(user: StoredHead): UserHead {
  const head: UserHead = {
    _id: user._id,
    revision: user.revision,
    birth_event_id: birthEventId(user._id, user.revision, user.created_at),
    birth_event_time: user.birth_event_time,
    created_at: user.created_at,
  };
  if (user.pending_since !== undefined) head.pending_since = user.pending_since;
  return head;
}

export interface BirthApplied {
  head: UserHead;
  created: boolean;
  /** False when the same client event was applied before (a redelivery). */
  applied: boolean;
}

export interface ProfileDocument extends Partial<ModuleOutput> {
  user_id: string;
  module: string;
  source_event_id: string;
  source_event_time: Date;
  /** The user's revision this profile was computed from. */
  source_revision: number;
  /** The generation of that user (when they were created): absent on profiles stored before it was recorded. */
  user_created_at?: Date;
  status: "ok" | "error";
  error?: { error: string; message: string; issues?: { path: string; message: string }[] };
  stored_at: Date;
}

export interface SynthesisDocument {
  user_id: string;
  revision: number;
  /** The generation of the user (when they were created): absent on syntheses stored before it was recorded. */
  user_created_at?: Date;
  source_event_id: string;
  source_event_time: Date;
  generated_at: Date;
  modules: Record<string, ModuleOutput>;
  insights: string[];
  errors: { module: string; error: string; message: string }[];
  /** Each tracking module's context for the user when the synthesis was written (`as_of` says when). */
  tracking?: Record<string, TrackingContribution>;
  /** What the systems agree on (DESIGN.md §12): themes, highlights, coverage, confirmed hypotheses. */
  themes?: SynthesisCore["themes"];
  highlights?: SynthesisCore["highlights"];
  coverage?: SynthesisCore["coverage"];
  confirmed_hypotheses?: SynthesisCore["confirmed_hypotheses"];
  /** When the intelligence part was last recomputed (a hypothesis confirmed, a sky event, after the synthesis was written). */
  intelligence_updated_at?: Date;
  /** An optional prose reading of the intelligence part, from a configured provider, written after the synthesis. */
  narrative?: Narrative;
}

export interface TrackingContribution {
  as_of: string;
  data: Record<string, unknown>;
  insights: string[];
}

/** A profile's primary key: one per (user, module). Module names never contain ":". */
export const profileKey = (userId: string, module: string): string => `${userId}:${module}`;

type Keyed<T> = T & { _id: string };

/** A user at revision 1, pending until the revision's synthesis is announced. */
const newUser = (id: string, birth: BirthData, now: Date): UserDocument => ({
  _id: id,
  birth,
  revision: 1,
  birth_event_time: now,
  pending_since: now,
  created_at: now,
  updated_at: now,
});

/** The calculation module whose output holds the natal chart trackers measure transits against. */
export const NATAL_CHART_MODULE = "astrology";
const NATAL_PROJECTION = { _id: 0, user_id: 1, status: 1, "data.bodies": 1, "data.angles": 1, "data.houses": 1, "metadata.accuracy": 1 } as const;

const HEAD_PROJECTION = { revision: 1, birth_event_time: 1, pending_since: 1, created_at: 1 } as const;

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
    private readonly leases: Leases,
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

  /** The user's current revision, without the birth data. */
  async getUserHead(id: string): Promise<UserHead | null> {
    const stored = await this.users.findOne<StoredHead>({ _id: id }, { projection: HEAD_PROJECTION });
    return stored === null ? null : headOf(stored);
  }

  /**
   * Stores new birth data as the user's next revision (creating the user at revision 1) and marks it
   * pending until its synthesis is announced. With `clientEventId`, a redelivery of an event already
   * applied changes nothing. Concurrent writes of one user are serialised by a lease, so each gets its
   * own revision and the highest revision holds the data written last.
   */
  applyBirth(id: string, birth: BirthData, now: Date, clientEventId?: string): Promise<BirthApplied> {
    return this.leases.with(userLease(id), () => this.writeBirth(id, birth, now, clientEventId));
  }

  /**
   * Creates a user under an id nobody else can know yet (one the server just generated): no lease is
   * needed, and a collision is a defect the unique key reports.
   */
  createUser(id: string, birth: BirthData, now: Date): Promise<BirthApplied> {
    return this.insertUser(newUser(id, birth, now));
  }

  private async writeBirth(id: string, birth: BirthData, now: Date, clientEventId?: string): Promise<BirthApplied> {
    const current = await this.users.findOne<StoredHead & { client_event_id?: string }>(
      { _id: id },
      { projection: { ...HEAD_PROJECTION, client_event_id: 1 } },
    );
    if (current !== null && clientEventId !== undefined && current.client_event_id === clientEventId) {
      return { head: headOf(current), created: false, applied: false };
    }
    const client = clientEventId !== undefined ? { client_event_id: clientEventId } : {};
    if (current === null) return this.insertUser({ ...newUser(id, birth, now), ...client });
    const revision = current.revision + 1;
    await this.users.updateOne({ _id: id }, { $set: { birth, birth_event_time: now, pending_since: now, updated_at: now, revision, ...client } });
    return { head: headOf({ ...current, revision, birth_event_time: now, pending_since: now }), created: false, applied: true };
  }

  private async insertUser(user: UserDocument): Promise<BirthApplied> {
    await this.users.insertOne(user);
    return { head: headOf(user), created: true, applied: true };
  }


  /** Users whose current revision was stored before `before` and still has no announced synthesis. */
  async pendingUsers(before: Date, limit: number): Promise<UserHead[]> {
    const found = await this.users
      .find<StoredHead>({ pending_since: { $lt: before } }, { projection: HEAD_PROJECTION })
      .limit(limit)
      .toArray();
    return found.map(headOf);
  }

  /**
   * Takes a pending user for a reconciliation round: moves `pending_since` to now unless another node did
   * first (false then), so concurrent reconcilers do not all re-issue the same work.
   */
  async claimPending(user: UserHead, now: Date): Promise<boolean> {
    const result = await this.leases.with(userLease(user._id), () =>
      this.users.updateOne({ _id: user._id, revision: user.revision, pending_since: user.pending_since }, { $set: { pending_since: now } }),
    );
    return result.modifiedCount === 1;
  }

  /** The revision's synthesis is stored and announced: the user leaves the reconciler's list. */
  async clearPending(id: string, revision: number, contextAt?: Date): Promise<void> {
    const context = contextAt !== undefined ? { $max: { context_at: contextAt } } : {};
    await this.leases.with(userLease(id), () => this.users.updateOne({ _id: id, revision }, { $unset: { pending_since: "" }, ...context }));
  }

  /** When the user was created, or null when there is no such user. */
  async userCreatedAt(id: string): Promise<Date | null> {
    return (await this.users.findOne({ _id: id }, { projection: { created_at: 1 } }))?.created_at ?? null;
  }

  async userExists(id: string): Promise<boolean> {
    return (await this.users.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * Erases the user: every document of theirs; returns how many went and when the erased user was created
   * (null: there was none). With `upTo`, only a user created up to then is erased: one created under the same
   * id afterwards is someone else, and keeps everything. What an erased generation's late work stored under
   * the id is replaced by the new user's work (writes are ordered by generation) and never shown to them;
   * it is not deleted here, because FerretDB deletes the documents a filter matched when it read them, even
   * if the new user's write replaced them in between.
   * Runs under the user's lease, so nobody is created under the id while the erasure runs. The user document
   * goes first: a job that stores a profile after this checks its user's generation, so whichever of the two
   * comes last removes the profile.
   */
  eraseUser(id: string, upTo?: Date): Promise<{ removed: number; createdAt: Date | null }> {
    return this.leases.with(userLease(id), async () => {
      const createdAt = await this.userCreatedAt(id);
      if (upTo !== undefined && createdAt !== null && createdAt > upTo) return { removed: 0, createdAt: null };
      // Only the user read above: should the lease have lapsed, a user created under the id since stays.
      const user = createdAt === null ? 0 : (await this.users.deleteOne({ _id: id, created_at: createdAt })).deletedCount;
      // The journal, findings and hypotheses are the person's most personal data: they go with the user.
      const intelligence = await new IntelligenceStore(this.db).deleteUser(id);
      return { removed: user + intelligence + (await this.removeDerived(id)), createdAt };
    });
  }

  /**
   * Removes what late work stored under an id nobody holds any more; nothing when someone holds it (see
   * `eraseUser` for why an erased generation's leftovers are not deleted then).
   */
  async sweepErased(id: string): Promise<number> {
    return this.leases.with(userLease(id), async () => {
      if ((await this.userCreatedAt(id)) !== null) return 0;
      return (await new IntelligenceStore(this.db).deleteUser(id)) + (await this.removeDerived(id));
    });
  }

  /** Removes a user's profiles and synthesis. Profiles are matched by user id, not only by key, so none of a removed module stays. */
  private async removeDerived(id: string): Promise<number> {
    const removed = await Promise.all([this.profiles.deleteMany({ user_id: id }), this.syntheses.deleteMany({ _id: id })]);
    return removed.reduce((sum, result) => sum + result.deletedCount, 0);
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
   * Stores a module's profile unless the stored one comes from the same or a later revision: one write,
   * no read. "same" tells a redelivery (its announcement may have been lost, so it is made again) from
   * "older" (a newer revision's work will announce itself).
   */
  async putProfile(profile: ProfileDocument & { user_created_at: Date }): Promise<"stored" | "same" | "older"> {
    const key = profileKey(profile.user_id, profile.module);
    const stored = await replaceIfNewer(() =>
      this.profiles.replaceOne({ _id: key, ...replaceableBy(profile.user_created_at, "source_revision", profile.source_revision) }, profile, { upsert: true }),
    );
    if (stored) return "stored";
    return (await this.profileSources(profile.user_id, [profile.module]))[0] === profile.source_event_id ? "same" : "older";
  }

  /** The revision event each of `modules` last answered for a user (null: not yet), in the order given. */
  async profileSources(userId: string, modules: readonly string[]): Promise<(string | null)[]> {
    return Promise.all(
      modules.map(async (module) => {
        const head = await this.profiles.findOne({ _id: profileKey(userId, module) }, { projection: { source_event_id: 1 } });
        return head?.source_event_id ?? null;
      }),
    );
  }

  /** Which revision each module answered for a user, without reading the outputs. */
  async profileHeads(userId: string): Promise<{ module: string; source_revision: number }[]> {
    const heads = await Promise.all(
      this.moduleNames.map((module) =>
        this.profiles.findOne({ _id: profileKey(userId, module) }, { projection: { _id: 0, module: 1, source_revision: 1 } }),
      ),
    );
    return heads.filter((head): head is NonNullable<typeof head> => head !== null);
  }

  getSynthesis(userId: string): Promise<SynthesisDocument | null> {
    return this.syntheses.findOne({ _id: userId }, { projection: { _id: 0 } });
  }

  /** The revision event the stored synthesis was written from, or null. */
  async synthesisSource(userId: string): Promise<string | null> {
    const head = await this.syntheses.findOne({ _id: userId }, { projection: { source_event_id: 1 } });
    return head?.source_event_id ?? null;
  }

  /** Stores a synthesis unless one of the same or a later revision (or generation) is stored; false then. */
  async putSynthesisIfNewer(synthesis: SynthesisDocument & { user_created_at: Date }): Promise<boolean> {
    const filter = { _id: synthesis.user_id, ...replaceableBy(synthesis.user_created_at, "revision", synthesis.revision) };
    return this.leases.with(userLease(synthesis.user_id), () => replaceIfNewer(() => this.syntheses.replaceOne(filter, synthesis, { upsert: true })));
  }

  /**
   * Replaces the intelligence part of the stored synthesis of `revision` (themes, highlights, coverage, confirmed
   * hypotheses) and, when given, its tracking context; false when no synthesis of that revision is stored (a newer
   * one will carry its own).
   */
  async updateSynthesisCore(
    userId: string,
    revision: number,
    core: SynthesisCore,
    now: Date,
    tracking?: Record<string, TrackingContribution>,
  ): Promise<boolean> {
    const context = tracking === undefined ? {} : { tracking };
    // A narrative of the previous intelligence part no longer describes it.
    const update = { $set: { ...core, ...context, intelligence_updated_at: now }, $unset: { narrative: "" as const } };
    const result = await this.leases.with(userLease(userId), () => this.syntheses.updateOne({ _id: userId, revision }, update));
    return result.matchedCount === 1;
  }


  /**
   * Adds a narrative to the stored synthesis it was written from: the same revision and the same intelligence
   * part (`intelligence_updated_at`, absent until a refresh). False when the synthesis has moved on or is gone.
   */
  async putNarrative(userId: string, basis: { revision: number; intelligence_updated_at: Date | null }, narrative: Narrative): Promise<boolean> {
    const intelligence = basis.intelligence_updated_at ?? { $exists: false };
    const filter = { _id: userId, revision: basis.revision, intelligence_updated_at: intelligence };
    const result = await this.leases.with(userLease(userId), () => this.syntheses.updateOne(filter, { $set: { narrative } }));
    return result.matchedCount === 1;
  }

  /** Removes the synthesis written from `sourceEventId` (its user was erased meanwhile); one written since stays. */
  async deleteSynthesis(userId: string, sourceEventId: string): Promise<void> {
    await this.leases.with(userLease(userId), () => this.syntheses.deleteOne({ _id: userId, source_event_id: sourceEventId }));
  }

  /** A user's natal points (from the module that computes natal charts), read by key; null without a chart. */
  async natalChart(userId: string): Promise<TrackedUser | null> {
    const row = await this.profiles.findOne<NatalProfileProjection & { status?: string }>(
      { _id: profileKey(userId, NATAL_CHART_MODULE) },
      { projection: NATAL_PROJECTION },
    );
    return row === null || row.status !== "ok" ? null : trackedUserFromProfile(row);
  }

  /** Every user's natal points, for trackers that look for transits of all users. */
  async natalCharts(): Promise<TrackedUser[]> {
    const rows = await this.profiles
      .find<NatalProfileProjection>({ module: NATAL_CHART_MODULE, status: "ok" }, { projection: NATAL_PROJECTION })
      .toArray();
    return rows.map(trackedUserFromProfile);
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
