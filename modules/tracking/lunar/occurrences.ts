import type { TrackedUser, TrackingOccurrence } from "../../contract.ts";
import { normalizeDegrees, signedDegreeDifference, signOf } from "../../sky/angles.ts";
import { bodyPosition } from "../../sky/ephemeris.ts";
import { boundaryFunction } from "../transits/ingresses.ts";
import {
  byTimeThenKey,
  canonicalCrossing,
  occurrenceKey,
  SEARCH_MARGIN_MS,
  signEntered,
  type CanonicalCrossing,
} from "../transits/occurrences.ts";
import { PHASE_TARGETS, phasesInWindow } from "./phases.ts";
import type { LunarConfig, VocPeriod } from "./schemas.ts";
import { moonIngresses, vocPeriods } from "./voc.ts";

const DAY_MS = 86_400_000;
/** Moon samples for lunar returns: it moves ≤ 2° in 3 h, so one sample pair never spans a full turn. */
const RETURN_STEP_MS = 3 * 3_600_000;

const moonBoundary = boundaryFunction("moon");

function inWindow(time: Date, windowStart: Date, at: Date): boolean {
  return time.getTime() > windowStart.getTime() && time.getTime() <= at.getTime();
}

/** `cosmic.lunar.phase` for each new moon, first quarter, full moon and last quarter in (windowStart, at]. */
export function phaseOccurrences(windowStart: Date, at: Date, config: LunarConfig): TrackingOccurrence[] {
  const from = new Date(windowStart.getTime() - SEARCH_MARGIN_MS);
  const to = new Date(at.getTime() + SEARCH_MARGIN_MS);
  const found: TrackingOccurrence[] = [];
  for (const { phase, time: approx } of phasesInWindow(from, to, config.scan_step_hours, config.tolerance_seconds)) {
    const target = PHASE_TARGETS[phase];
    const elongation = (t: Date) => signedDegreeDifference(bodyPosition("moon", t).longitude - bodyPosition("sun", t).longitude, target);
    const crossing = canonicalCrossing(elongation, approx);
    if (!crossing || !inWindow(crossing.time, windowStart, at)) continue;
    const time = crossing.time.toISOString();
    found.push({
      key: occurrenceKey("cosmic.lunar.phase", [phase], crossing.minute),
      type: "cosmic.lunar.phase",
      time,
      data: { phase, time, moon_sign: signOf(bodyPosition("moon", crossing.time).longitude).sign },
    });
  }
  return found;
}

/** Moon sign ingresses in (windowStart, at] as `cosmic.ingress` with body `moon`. */
export function moonIngressOccurrences(windowStart: Date, at: Date, config: LunarConfig): TrackingOccurrence[] {
  const from = new Date(windowStart.getTime() - SEARCH_MARGIN_MS);
  const to = new Date(at.getTime() + SEARCH_MARGIN_MS);
  const found: TrackingOccurrence[] = [];
  for (const ingress of moonIngresses(from, to, config)) {
    const crossing = canonicalCrossing(moonBoundary, new Date(ingress.time));
    if (!crossing || !inWindow(crossing.time, windowStart, at)) continue;
    const { longitude, speed } = bodyPosition("moon", crossing.time);
    const sign = signEntered(longitude, speed);
    const time = crossing.time.toISOString();
    found.push({
      key: occurrenceKey("cosmic.ingress", ["moon", sign], crossing.minute),
      type: "cosmic.ingress",
      time,
      data: { body: "moon", sign, direction: "direct", time },
    });
  }
  return found;
}

/** A void-of-course period with its start and end (and last aspect) located canonically, or null if either edge
 * cannot be. */
function canonicalVoc(period: VocPeriod): { period: VocPeriod; start: CanonicalCrossing; end: CanonicalCrossing } | null {
  const end = canonicalCrossing(moonBoundary, new Date(period.end));
  const aspect = period.last_aspect;
  let start: CanonicalCrossing | null;
  if (aspect) {
    const body = aspect.body;
    // Moon − body scaled by 12 crosses zero at every multiple of 30°, the same function the VoC search bisects.
    start = canonicalCrossing(
      (t) => signedDegreeDifference(12 * (bodyPosition("moon", t).longitude - bodyPositionByName(body, t)), 0),
      new Date(aspect.time),
    );
  } else {
    start = canonicalCrossing(moonBoundary, new Date(period.start));
  }
  if (!start || !end) return null;
  const startIso = start.time.toISOString();
  return {
    period: {
      start: startIso,
      end: end.time.toISOString(),
      sign: period.sign,
      last_aspect: aspect ? { ...aspect, time: startIso } : null,
    },
    start,
    end,
  };
}

function bodyPositionByName(body: string, t: Date): number {
  if (!isVocBody(body)) throw new Error(`not a void-of-course body: ${body}`);
  return bodyPosition(body, t).longitude;
}

const VOC_BODY_NAMES = ["sun", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"] as const;
function isVocBody(body: string): body is (typeof VOC_BODY_NAMES)[number] {
  return (VOC_BODY_NAMES as readonly string[]).includes(body);
}

/**
 * `cosmic.lunar.voc_start` and `cosmic.lunar.voc_end` for void-of-course periods starting or ending in
 * (windowStart, at]. Both carry the whole period (start, end, sign, last aspect) with canonical times, so the
 * start event already tells when the Moon will leave the sign.
 */
export function vocOccurrences(windowStart: Date, at: Date, config: LunarConfig): TrackingOccurrence[] {
  // A period starting in the window ends within one sign's transit (< 3 days) after it.
  const periods = vocPeriods(new Date(windowStart.getTime() - SEARCH_MARGIN_MS), new Date(at.getTime() + 3 * DAY_MS), config);
  const found: TrackingOccurrence[] = [];
  for (const raw of periods) {
    const located = canonicalVoc(raw);
    if (!located) continue;
    const { period, start, end } = located;
    const data = { start: period.start, end: period.end, sign: period.sign, last_aspect: period.last_aspect };
    if (inWindow(start.time, windowStart, at)) {
      found.push({
        key: occurrenceKey("cosmic.lunar.voc_start", [period.sign], start.minute),
        type: "cosmic.lunar.voc_start",
        time: period.start,
        data,
      });
    }
    if (inWindow(end.time, windowStart, at)) {
      found.push({
        key: occurrenceKey("cosmic.lunar.voc_end", [period.sign], end.minute),
        type: "cosmic.lunar.voc_end",
        time: period.end,
        data,
      });
    }
  }
  return found;
}

/**
 * `cosmic.lunar.return` (subject = user id) for each user with a natal Moon that the transiting Moon reaches in
 * (windowStart, at]. The Moon is sampled once for everyone; a user costs a comparison per sample pair, and
 * only a user whose natal Moon lies in the arc covered is located with ephemeris calls.
 */
export function lunarReturnOccurrences(windowStart: Date, at: Date, users: readonly TrackedUser[]): TrackingOccurrence[] {
  const natalMoons = users.flatMap((user) => {
    const moon = user.points.moon;
    return moon !== undefined && Number.isFinite(moon) ? [{ user, natal: normalizeDegrees(moon) }] : [];
  });
  if (natalMoons.length === 0) return [];
  const fromMs = windowStart.getTime() - SEARCH_MARGIN_MS;
  const toMs = at.getTime() + SEARCH_MARGIN_MS;
  const samples: { ms: number; longitude: number }[] = [];
  for (let ms = fromMs; ; ms = Math.min(ms + RETURN_STEP_MS, toMs)) {
    samples.push({ ms, longitude: bodyPosition("moon", new Date(ms)).longitude });
    if (ms >= toMs) break;
  }
  const found: TrackingOccurrence[] = [];
  for (const { user, natal } of natalMoons) {
    for (let i = 0; i + 1 < samples.length; i++) {
      const a = samples[i];
      const b = samples[i + 1];
      if (!a || !b) continue;
      const da = signedDegreeDifference(a.longitude, natal);
      const db = signedDegreeDifference(b.longitude, natal);
      // The Moon never turns back, so the natal Moon is passed only going from behind it to ahead of it.
      if (!(da <= 0 && db > 0)) continue;
      const approx = new Date(a.ms + ((b.ms - a.ms) * -da) / (db - da));
      const crossing = canonicalCrossing((t) => signedDegreeDifference(bodyPosition("moon", t).longitude, natal), approx);
      if (!crossing || !inWindow(crossing.time, windowStart, at)) continue;
      const time = crossing.time.toISOString();
      found.push({
        key: occurrenceKey("cosmic.lunar.return", [user.user_id], crossing.minute),
        type: "cosmic.lunar.return",
        time,
        subject: user.user_id,
        data: { time, natal_moon: { longitude: natal, sign: signOf(natal).sign } },
      });
    }
  }
  return found;
}

/** Every occurrence of a lunar tick, sorted by time then key. */
export function lunarOccurrences(windowStart: Date, at: Date, config: LunarConfig, users: readonly TrackedUser[]): TrackingOccurrence[] {
  if (at.getTime() <= windowStart.getTime()) return [];
  return [
    ...phaseOccurrences(windowStart, at, config),
    ...vocOccurrences(windowStart, at, config),
    ...moonIngressOccurrences(windowStart, at, config),
    ...lunarReturnOccurrences(windowStart, at, users),
  ].sort(byTimeThenKey);
}
