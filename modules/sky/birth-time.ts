import { dateParts, type BirthData } from "../birth-data.ts";
import { ValidationError } from "../../core/errors.ts";
import { formatCivilDate, julianToGregorian, type CivilDate } from "./calendar.ts";
import { formatOffset, isLocalMeanTimeRecord, readingsOfWallClock, type WallClockReading } from "./time-zone.ts";

/** A birth moment in UT with how its offset from local clock time was found. */
export interface ResolvedBirthInstant {
  utc: Date;
  /** Local clock time minus UT, in minutes (fractional for local mean time, e.g. Ulm 1879: 39.95). */
  offset_minutes: number;
  offset_source: "utc_offset" | "timezone" | "local_mean_time";
  notes: string[];
}

/** Seconds of clock time per degree of longitude under local mean time (15° = 1 h). */
const SECONDS_PER_DEGREE = 240;

function parseClock(time: string): { hour: number; minute: number; second: number } {
  const [hour, minute, second] = time.split(":").map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
}

function parseUtcOffsetSeconds(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(":").map(Number);
  return sign * ((hours ?? 0) * 3600 + (minutes ?? 0) * 60);
}

/** The birth date as a proleptic Gregorian date, with a note when it was converted from the Julian calendar. */
function gregorianBirthDate(birth: BirthData): { date: CivilDate; notes: string[] } {
  const given = dateParts(birth);
  if (birth.calendar !== "julian") return { date: given, notes: [] };
  const date = julianToGregorian(given);
  return {
    date,
    notes: [`Julian calendar date ${birth.date} converted to Gregorian ${formatCivilDate(date)}.`],
  };
}

function wallClockMs(date: CivilDate, clock: { hour: number; minute: number; second: number }): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const ms = new Date(Date.UTC(2000, date.month - 1, date.day, clock.hour, clock.minute, clock.second));
  ms.setUTCFullYear(date.year);
  return ms.getTime();
}

function instant(utcMs: number, offsetSeconds: number, source: ResolvedBirthInstant["offset_source"], notes: string[]): ResolvedBirthInstant {
  return { utc: new Date(utcMs), offset_minutes: offsetSeconds / 60, offset_source: source, notes };
}

function localMeanTime(wallMs: number, longitude: number, notes: string[]): ResolvedBirthInstant {
  const offsetSeconds = longitude * SECONDS_PER_DEGREE;
  return instant(wallMs - offsetSeconds * 1000, offsetSeconds, "local_mean_time", notes);
}

/** How a local time that the zone skipped or repeated is handled: rejected, or settled for sampling. */
type UnclearLocalTime = "reject" | "settle";

function resolveInZone(
  birth: BirthData,
  zone: string,
  wallMs: number,
  label: string,
  unclear: UnclearLocalTime,
  notes: string[],
): ResolvedBirthInstant {
  const readings = readingsOfWallClock(zone, wallMs);
  let chosen: WallClockReading | undefined = readings[0];
  if (readings.length === 0) {
    if (unclear === "reject") {
      // Errors name the field, never the birth date, time or zone: they reach logs, events and other clients.
      throw new ValidationError("the local time does not exist in the time zone (the clocks skipped it)", [
        { path: "time", message: "does not exist in the time zone: the clocks moved forward over it; give utc_offset to settle it" },
      ]);
    }
    // A skipped sample hour is read with the offset in force just before the gap, as a clock not yet advanced.
    const before = readingsOfWallClock(zone, wallMs - 3 * 3600_000)[0];
    const offsetSeconds = before?.offsetSeconds ?? 0;
    chosen = { utcMs: wallMs - offsetSeconds * 1000, offsetSeconds };
    notes.push(`${label} does not exist in ${zone}; read with the offset before the change (${formatOffset(offsetSeconds)}).`);
  } else if (readings.length > 1) {
    if (unclear === "reject") {
      const offsets = readings.map((r) => formatOffset(r.offsetSeconds)).join(" or ");
      throw new ValidationError(`the local time is ambiguous in the time zone (${offsets})`, [
        { path: "time", message: `occurred twice in the time zone (UTC offset ${offsets}); give utc_offset to settle it` },
      ]);
    }
    notes.push(`${label} occurred twice in ${zone}; the earlier instant is used.`);
  }
  if (!chosen) throw new Error("unreachable: a reading was chosen above");
  if (isLocalMeanTimeRecord(zone, chosen.utcMs)) {
    const lmt = localMeanTime(wallMs, birth.longitude, notes);
    notes.push(
      `${zone} kept local mean time of its reference city (${formatOffset(chosen.offsetSeconds)}) on ${label}; ` +
        `local mean time of the birth longitude (${formatOffset(lmt.offset_minutes * 60)}) is used instead.`,
    );
    return lmt;
  }
  return instant(chosen.utcMs, chosen.offsetSeconds, "timezone", notes);
}

function resolveWallClock(birth: BirthData, wallMs: number, label: string, unclear: UnclearLocalTime, notes: string[]): ResolvedBirthInstant {
  if (birth.utc_offset !== undefined) {
    const offsetSeconds = parseUtcOffsetSeconds(birth.utc_offset);
    return instant(wallMs - offsetSeconds * 1000, offsetSeconds, "utc_offset", notes);
  }
  if (birth.timezone !== undefined) return resolveInZone(birth, birth.timezone, wallMs, label, unclear, notes);
  notes.push(`No timezone or utc_offset given: local mean time of the birth longitude is assumed.`);
  return localMeanTime(wallMs, birth.longitude, notes);
}

/**
 * Birth data with a clock time → the UT instant. `utc_offset` wins over `timezone`; IANA zones apply their
 * historical rules; where the zone's record is local mean time (before standard time) the offset comes from the
 * birth longitude (15° = 1 h); Julian-calendar dates are converted first.
 * @throws ValidationError (path "time") for a local time skipped or repeated by the zone, unless `utc_offset`
 * settles it; (path "time") when no time is given.
 */
export function resolveBirthInstant(birth: BirthData): ResolvedBirthInstant {
  if (birth.time === undefined) {
    throw new ValidationError("a birth time is required for an exact chart", [{ path: "time", message: "required" }]);
  }
  const { date, notes } = gregorianBirthDate(birth);
  const label = `${formatCivilDate(date)} ${birth.time}`;
  return resolveWallClock(birth, wallClockMs(date, parseClock(birth.time)), label, "reject", notes);
}

/** Minute of each hour at which the unknown-time mode samples: the middle, so each sample stands for its whole hour. */
export const SAMPLE_MINUTE = 30;

/**
 * Unknown birth time: the 24 instants at hh:30 local time (hh = 00…23) of the birth day, resolved with the same
 * offset rules as {@link resolveBirthInstant}. A sample hour skipped by a DST change uses the offset before the
 * change, a repeated one its earlier occurrence (both noted) — a sample may not fail where a birth time would.
 */
export function sampleBirthInstants(birth: BirthData): ResolvedBirthInstant[] {
  const { date, notes } = gregorianBirthDate(birth);
  const samples: ResolvedBirthInstant[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const clock = { hour, minute: SAMPLE_MINUTE, second: 0 };
    const label = `${formatCivilDate(date)} ${String(hour).padStart(2, "0")}:${SAMPLE_MINUTE}`;
    samples.push(resolveWallClock({ ...birth, time: undefined }, wallClockMs(date, clock), label, "settle", [...notes]));
  }
  return samples;
}
