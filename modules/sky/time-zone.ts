/**
 * Historical UTC offsets of IANA zones, read from the runtime's Intl time-zone database (full tzdata history,
 * including local mean time records). Offsets are in seconds east of Greenwich.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    formatters.set(zone, formatter);
  }
  return formatter;
}

const LONG_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** UTC offset of a zone at a UTC instant, in seconds east (Europe/Berlin in 1879: +3208, i.e. +0:53:28). */
export function zoneOffsetSeconds(zone: string, utcMs: number): number {
  // `longOffset` names carry seconds ("GMT+00:53:28"), unlike formatted wall times they do not depend on the
  // calendar Intl uses to print old dates.
  const name = offsetFormatter(zone)
    .formatToParts(new Date(utcMs))
    .find((part) => part.type === "timeZoneName")?.value;
  const match = name === undefined ? null : LONG_OFFSET.exec(name);
  if (!match) throw new Error(`cannot read the UTC offset of ${zone} (${String(name)})`);
  if (match[1] === undefined) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return match[1] === "-" ? -seconds : seconds;
}

const YEAR_MS = 365.2425 * 86_400_000;
/** Far enough back that every geographic zone is still on its first (local mean time) record. */
const EARLIEST_MS = Date.UTC(1400, 0, 1);
const LATEST_MS = Date.UTC(2300, 0, 1);

const firstTransitions = new Map<string, number | null>();

/**
 * The first instant (UTC ms) at which the zone leaves its earliest record, or null for zones without any
 * transition (UTC, Etc/GMT±N). In tzdata every geographic zone's earliest record is the local mean time of its
 * reference city, so an instant before this one is on that LMT record.
 */
export function firstTransitionMs(zone: string): number | null {
  if (firstTransitions.has(zone)) return firstTransitions.get(zone) ?? null;
  const earliest = zoneOffsetSeconds(zone, EARLIEST_MS);
  let found: number | null = null;
  // Yearly scan, then bisection inside the year: robust even if the zone later returns to a whole-hour offset
  // equal to its first one, which a single bisection over centuries could miss.
  for (let t = EARLIEST_MS + YEAR_MS; t <= LATEST_MS; t += YEAR_MS) {
    if (zoneOffsetSeconds(zone, t) !== earliest) {
      let low = t - YEAR_MS;
      let high = t;
      while (high - low > 1000) {
        const middle = Math.floor((low + high) / 2);
        if (zoneOffsetSeconds(zone, middle) === earliest) low = middle;
        else high = middle;
      }
      found = high;
      break;
    }
  }
  firstTransitions.set(zone, found);
  return found;
}

/** True when the zone's record in force at the instant is its initial local-mean-time record. */
export function isLocalMeanTimeRecord(zone: string, utcMs: number): boolean {
  const first = firstTransitionMs(zone);
  return first !== null && utcMs < first;
}

/** One way a local wall-clock time maps to UTC in a zone. */
export interface WallClockReading {
  utcMs: number;
  offsetSeconds: number;
}

const DAY_MS = 86_400_000;

/**
 * Every UTC instant at which the zone's clocks showed the given wall time (expressed as if it were UTC ms).
 * Empty: the time was skipped (DST gap); two readings: it occurred twice (overlap), earlier instant first.
 */
export function readingsOfWallClock(zone: string, wallMs: number): WallClockReading[] {
  const candidates = new Set<number>([
    zoneOffsetSeconds(zone, wallMs - DAY_MS),
    zoneOffsetSeconds(zone, wallMs),
    zoneOffsetSeconds(zone, wallMs + DAY_MS),
  ]);
  const readings: WallClockReading[] = [];
  for (const offsetSeconds of candidates) {
    const utcMs = wallMs - offsetSeconds * 1000;
    if (zoneOffsetSeconds(zone, utcMs) === offsetSeconds) readings.push({ utcMs, offsetSeconds });
  }
  return readings.sort((a, b) => a.utcMs - b.utcMs);
}

/** Formats an offset in seconds as ±HH:MM or ±HH:MM:SS when it has seconds. */
export function formatOffset(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? "-" : "+";
  const total = Math.round(Math.abs(offsetSeconds));
  const h = String(Math.floor(total / 3600)).padStart(2, "0");
  const m = String(Math.floor((total % 3600) / 60)).padStart(2, "0");
  const s = total % 60;
  return s === 0 ? `${sign}${h}:${m}` : `${sign}${h}:${m}:${String(s).padStart(2, "0")}`;
}
