import { NotFoundError, parseOrThrow } from "../core/errors.ts";
import { BirthDataSchema } from "../modules/birth-data.ts";
import type { ModuleOutput } from "../modules/contract.ts";
import type { AnyModule, Registry } from "../modules/registry.ts";
import { runCalculation } from "../modules/run-calculation.ts";
import type { ProfileDocument, SynthesisDocument, UserDocument, UserStore } from "../store/user-store.ts";
import { decideSynthesis } from "../actors/synthesis-decision.ts";

/** Answers the same questions for HTTP routes and MQTT requests, so both speak the same contract. */
export interface Queries {
  calculate(moduleName: string, birthInput: unknown, now: Date): Promise<ModuleOutput>;
  synthesis(
    userId: string,
    now: Date,
  ): Promise<
    | { status: 200; body: SynthesisDocument }
    | { status: 202; body: { status: "pending" | "synthesizing"; modules_done: string[]; modules_pending: string[] } }
  >;
  profile(userId: string, moduleName: string): Promise<ProfileDocument>;
  profiles(userId: string): Promise<ProfileDocument[]>;
}

/** A module's current config: the running actor's when this node hosts it, else the stored one. */
export type ConfigSource = (module: AnyModule) => Promise<{ config: Record<string, unknown>; version: number }>;

export function createQueries(registry: Registry, configOf: ConfigSource, users: UserStore): Queries {
  const calculationModule = (name: string) => {
    const module = registry.get(name);
    if (module === undefined || module.layer !== "calculation") {
      throw new NotFoundError(`no calculation module named "${name}"`);
    }
    return module;
  };
  const requireUser = async (userId: string) => {
    const user = await users.getUser(userId);
    if (user === null) throw new NotFoundError(`no user with id "${userId}"`);
    return user;
  };
  return {
    async calculate(moduleName, birthInput, now) {
      const module = calculationModule(moduleName);
      const birth = parseOrThrow(BirthDataSchema, birthInput, "birth data");
      const loaded = await configOf(module);
      return runCalculation(module, birth, loaded.config, loaded.version, now);
    },
    async synthesis(userId, now) {
      const user = await users.getUserHead(userId);
      if (user === null) throw new NotFoundError(`no user with id "${userId}"`);
      const stored = await users.getSynthesis(userId);
      // The same revision event: a synthesis of an erased user of the same id and revision is someone else's.
      if (stored !== null && stored.source_event_id === user.birth_event_id) return { status: 200, body: stored };
      const expected = registry.calculationModules().map((module) => module.name);
      const decision = decideSynthesis(user, await users.listProfiles(userId), expected, now);
      // Every module has answered but the synthesis is not written yet: still pending, and the body says so.
      if (decision.status === "complete") {
        return { status: 202, body: { status: "synthesizing", modules_done: expected, modules_pending: [] } };
      }
      return { status: 202, body: { status: "pending", modules_done: decision.modules_done, modules_pending: decision.modules_pending } };
    },
    async profile(userId, moduleName) {
      const user = await requireUser(userId);
      if (registry.get(moduleName) === undefined) throw new NotFoundError(`no module named "${moduleName}"`);
      const profile = await users.getProfile(userId, moduleName);
      if (profile === null || !ofUser(profile, user)) throw new NotFoundError(`no ${moduleName} profile yet for user "${userId}"`);
      return profile;
    },
    async profiles(userId) {
      const user = await requireUser(userId);
      return (await users.listProfiles(userId)).filter((profile) => ofUser(profile, user));
    },
  };
}

/** Whether a profile was computed for this user, not for an erased user of the same id whose late answer is not swept yet. */
function ofUser(profile: ProfileDocument, user: Pick<UserDocument, "created_at">): boolean {
  return profile.user_created_at === undefined || profile.user_created_at.getTime() === user.created_at.getTime();
}
