import { parseOrThrow, ValidationError } from "../../../core/errors.ts";
import { signOf } from "../../sky/angles.ts";
import { bodyPosition } from "../../sky/ephemeris.ts";
import { phaseAngle, phaseName } from "../../tracking/lunar/phases.ts";
import { ASPECT_NAMES } from "../../tracking/transits/aspects.ts";
import { natalAspects } from "../../tracking/transits/natal.ts";
import { bodyStates } from "../../tracking/transits/positions.ts";
import type { AspectName } from "../../tracking/transits/schemas.ts";
import { kpAt, phaseQuarter } from "../history.ts";
import {
  type CosmicContext,
  type JournalConfig,
  type JournalEntry,
  JournalEntryInputSchema,
  JournalEntrySchema,
  type KpSample,
} from "./schemas.ts";

/**
 * Validates what a client sent and makes it an entry: id and user come from the server (a client id is kept
 * so that a retried POST or a redelivered event is the same entry), time defaults to `now`. Throws a
 * ValidationError naming each bad field.
 */
export function createJournalEntry(input: unknown, ids: { id: string; user_id: string }, now: Date, config: JournalConfig): JournalEntry {
  const parsed = parseOrThrow(JournalEntryInputSchema, input, "journal entry");
  if (parsed.text.length > config.max_text_length) {
    throw new ValidationError("invalid journal entry (text: too long)", [
      { path: "text", message: `at most ${config.max_text_length} characters` },
    ]);
  }
  return JournalEntrySchema.parse({ ...parsed, id: parsed.id ?? ids.id, user_id: ids.user_id, time: parsed.time ?? now.toISOString() });
}

/** What an entry's context is computed from: solar history, the person's natal points (longitudes by name, as the
 * transits module reads them from the astrology profile), and transit labels already known for the time. */
export interface ContextSources {
  solar: readonly KpSample[];
  natal?: Readonly<Record<string, number>>;
  transits?: readonly string[];
}

/** Transits to natal points within the exact orb at `at`, as `body aspect natal_point` labels, tightest first. */
export function exactTransitLabels(at: Date, natal: Readonly<Record<string, number>>, config: JournalConfig): string[] {
  const orbs = Object.fromEntries(ASPECT_NAMES.map((aspect) => [aspect, config.exact_orb_deg])) as Record<AspectName, number>;
  const bodies = bodyStates(at).filter((state) => config.transit_bodies.includes(state.body));
  return natalAspects(bodies, { ...natal }, orbs).map((a) => `${a.body} ${a.aspect} ${a.natal_body}`);
}

/**
 * The cosmic context at an instant (DESIGN.md §12): phase angle, phase name and quarter and Moon sign from the
 * ephemeris the lunar module uses; Kp from the given solar history (the latest reading within
 * `kp_max_age_hours`); transits to the natal chart within `exact_orb_deg` (with the transits module's aspect
 * search), plus any labels passed in.
 */
export function cosmicContext(at: Date, sources: ContextSources, config: JournalConfig): CosmicContext {
  const moon = bodyPosition("moon", at);
  const angle = phaseAngle(moon, bodyPosition("sun", at));
  const solar = [...sources.solar].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const kp = kpAt(solar, solar.map((s) => Date.parse(s.time)), at.getTime(), config.kp_max_age_hours * 3_600_000);
  return {
    lunar: { phase_angle: angle, phase_name: phaseName(angle), quarter: phaseQuarter(angle), moon_sign: signOf(moon.longitude).sign },
    kp: kp === null ? null : { value: kp.kp, time: new Date(kp.time).toISOString() },
    storm: kp !== null && kp.kp >= config.storm_kp,
    transits: [...new Set([...(sources.natal === undefined ? [] : exactTransitLabels(at, sources.natal, config)), ...(sources.transits ?? [])])],
  };
}

/** An entry with its context attached, ready to store. */
export function withContext(entry: JournalEntry, sources: ContextSources, config: JournalConfig): JournalEntry {
  return { ...entry, context: cosmicContext(new Date(entry.time), sources, config) };
}
