import { z } from "zod";
import { defineTrackingModule, TrackingScheduleSchema, type TrackedUser } from "../../contract.ts";
import { normalizeDegrees } from "../../sky/angles.ts";
import { userLunar } from "./natal.ts";
import { lunarOccurrences } from "./occurrences.ts";
import { LunarConfigSchema, LunarSnapshotSchema, type LunarSnapshot, type PrincipalPhase } from "./schemas.ts";
import { lunarSnapshot } from "./service.ts";

export const LunarModuleConfigSchema = LunarConfigSchema.extend({
  ...TrackingScheduleSchema.shape,
  /** The Moon changes sign every ~2.5 days and a void-of-course period can be under an hour; five minutes keeps
   * the retained snapshot close to the sky without recomputing it for nothing. */
  cadence_seconds: TrackingScheduleSchema.shape.cadence_seconds.default(300),
});
export type LunarModuleConfig = z.infer<typeof LunarModuleConfigSchema>;

function words(name: string): string {
  return name.replace(/_/g, " ");
}

function capitalised(name: string): string {
  return words(name).replace(/^\w/, (c) => c.toUpperCase());
}

function minute(iso: string): string {
  return `${iso.slice(0, 16)}Z`;
}

function nextPhase(snapshot: LunarSnapshot): { phase: PrincipalPhase; time: string } {
  const entries = Object.entries(snapshot.next_phases) as [PrincipalPhase, string][];
  const [phase, time] = entries.reduce((best, entry) => (Date.parse(entry[1]) < Date.parse(best[1]) ? entry : best));
  return { phase, time };
}

function contributeGeneral(snapshot: LunarSnapshot): { data: Record<string, unknown>; insights: string[] } {
  const next = nextPhase(snapshot);
  const voc = snapshot.void_of_course;
  const data = {
    at: snapshot.at,
    phase_name: snapshot.phase_name,
    illumination: snapshot.illumination,
    waxing: snapshot.waxing,
    moon_sign: snapshot.moon.sign,
    void_of_course: { active: voc.active, start: voc.start, end: voc.end },
    next_phase: next,
    supermoon: snapshot.supermoon.is_supermoon,
  };
  const insights = [
    `${capitalised(snapshot.phase_name)} Moon in ${capitalised(snapshot.moon.sign)}, ${Math.round(snapshot.illumination * 100)} % illuminated`,
    voc.active
      ? `The Moon is void of course until ${minute(voc.end)}`
      : `Next void-of-course Moon from ${minute(voc.start)} to ${minute(voc.end)}`,
    `Next principal phase: ${words(next.phase)} at ${minute(next.time)}`,
  ];
  if (snapshot.supermoon.is_supermoon) insights.push("Supermoon: the Moon is near perigee at this syzygy");
  return { data, insights };
}

function contributeUser(
  snapshot: LunarSnapshot,
  user: TrackedUser,
  config: LunarModuleConfig,
): { data: Record<string, unknown>; insights: string[] } {
  const general = contributeGeneral(snapshot);
  const natalMoon = user.points.moon;
  if (natalMoon === undefined || !Number.isFinite(natalMoon)) return general;
  const mine = userLunar(new Date(snapshot.at), normalizeDegrees(natalMoon), config);
  const natalSign = capitalised(mine.natal_moon.sign);
  const insights = [
    ...general.insights,
    mine.same_sign
      ? `The Moon is in ${natalSign}, the sign of your natal Moon`
      : `The Moon is in ${capitalised(snapshot.moon.sign)}, ${mine.sign_distance} sign${mine.sign_distance === 1 ? "" : "s"} on from your natal Moon in ${natalSign}`,
    mine.lunar_return.active
      ? `Lunar return under way (Moon ${mine.lunar_return.orb.toFixed(1)}° from your natal Moon)`
      : `Next lunar return at ${minute(mine.lunar_return.next)}`,
  ];
  return { data: { ...general.data, natal_moon: mine.natal_moon, same_sign: mine.same_sign, sign_distance: mine.sign_distance, lunar_return: mine.lunar_return }, insights };
}

/** Lunar tracking: phase, illumination, Moon sign, distance and supermoon score, void-of-course periods, next
 * phases and ingress; phase, void-of-course, ingress and lunar-return events as they happen (issue 5). */
export const lunarModule = defineTrackingModule({
  name: "lunar",
  layer: "tracking",
  version: "1.0.0",
  description:
    "Moon phase angle and name, illumination, sign, distance and supermoon score, void-of-course periods, next " +
    "phases and ingress; events for principal phases, void-of-course start and end, Moon ingresses and lunar returns",
  config: LunarModuleConfigSchema,
  snapshot: LunarSnapshotSchema,
  snapshotAt: (at, config) => lunarSnapshot(at, config),
  tick: ({ at, windowStart, config, users }) => {
    const snapshot = lunarSnapshot(at, config);
    const occurrences = lunarOccurrences(windowStart, at, config, users);
    const insights = occurrences.flatMap((o) => {
      if (o.type === "cosmic.lunar.phase") return [`${capitalised(String(o.data.phase))} at ${minute(o.time)}`];
      if (o.type === "cosmic.lunar.voc_start") return [`The Moon is void of course in ${capitalised(String(o.data.sign))}`];
      if (o.type === "cosmic.ingress") return [`The Moon enters ${capitalised(String(o.data.sign))}`];
      return [];
    });
    return { snapshot, occurrences, insights };
  },
  contribute: (snapshot, user, config) => (user ? contributeUser(snapshot, user, config) : contributeGeneral(snapshot)),
});

export default lunarModule;
