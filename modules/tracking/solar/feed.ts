import { parseKp1m, parseKp3h } from "./kp.ts";
import { parseNoaaText } from "./noaa-json.ts";
import {
  SOLAR_PRODUCTS,
  type FeedStatus,
  type SolarFeedState,
  type SolarProduct,
  type SolarReadings,
  type SolarUrls,
} from "./schemas.ts";
import { parseMag, parsePlasma } from "./wind.ts";
import { parseXrays } from "./xray.ts";

const PARSERS: { [P in SolarProduct]: (payload: unknown) => SolarReadings[P] } = {
  kp_1m: parseKp1m,
  kp_3h: parseKp3h,
  xray: parseXrays,
  mag: parseMag,
  wind: parsePlasma,
};

export type FetchLike = (input: string, init: { signal: AbortSignal }) => Promise<Response>;

export interface FetchSolarOptions {
  urls: SolarUrls;
  timeoutMs: number;
  /** The round's instant: stamps fresh readings and ages stale ones (the feed reads no clock). */
  now: Date;
  /** The state the previous round returned; its good readings are kept when this round fails. */
  previous?: SolarFeedState;
  /** How long readings of a product without URL (fed over MQTT) stay fresh, seconds. */
  feederFreshSeconds?: number;
  fetch?: FetchLike;
}

/** A state with no readings, every product `missing`. */
export function emptySolarFeedState(): SolarFeedState {
  const missing: FeedStatus = { freshness: "missing", fetched_at: null, age_seconds: null, error: null };
  return {
    readings: { kp_1m: [], kp_3h: [], xray: [], mag: [], wind: [] },
    status: { kp_1m: missing, kp_3h: missing, xray: missing, mag: missing, wind: missing },
  };
}

async function fetchText(url: string, timeoutMs: number, fetchImpl: FetchLike): Promise<string> {
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return await response.text();
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Fetches every configured NOAA SWPC product once, each with its own timeout, and parses it. A product whose
 * fetch or parse fails keeps the previous round's readings marked `stale` with their age in seconds, or stays
 * `missing` with empty readings: values are never invented. The only I/O of the solar tracker.
 */
export async function fetchSolarFeeds(options: FetchSolarOptions): Promise<SolarFeedState> {
  const previous = options.previous ?? emptySolarFeedState();
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const next = emptySolarFeedState();
  const now = options.now.toISOString();

  await Promise.all(
    SOLAR_PRODUCTS.map(async (product) => {
      const url = options.urls[product];
      if (url === null) {
        Object.assign(next.readings, { [product]: previous.readings[product] });
        next.status[product] = agedStatus(previous.status[product], options.now, options.feederFreshSeconds ?? 600);
        return;
      }
      try {
        const text = await fetchText(url, options.timeoutMs, fetchImpl);
        const parsed = PARSERS[product](parseNoaaText(text, product));
        Object.assign(next.readings, { [product]: parsed });
        next.status[product] = { freshness: "fresh", fetched_at: now, age_seconds: 0, error: null };
      } catch (error) {
        const kept = previous.status[product];
        Object.assign(next.readings, { [product]: previous.readings[product] });
        const fetchedAt = kept.fetched_at;
        next.status[product] = {
          freshness: fetchedAt === null ? "missing" : "stale",
          fetched_at: fetchedAt,
          age_seconds: fetchedAt === null ? null : Math.max(0, (options.now.getTime() - Date.parse(fetchedAt)) / 1000),
          error: describe(error, options.timeoutMs),
        };
      }
    }),
  );
  return next;
}

/** Ages the status of readings that arrive from a feeder rather than a fetch: stale once older than allowed. */
function agedStatus(status: FeedStatus, now: Date, freshSeconds: number): FeedStatus {
  if (status.fetched_at === null) return { freshness: "missing", fetched_at: null, age_seconds: null, error: null };
  const age = Math.max(0, (now.getTime() - Date.parse(status.fetched_at)) / 1000);
  return { freshness: age <= freshSeconds ? "fresh" : "stale", fetched_at: status.fetched_at, age_seconds: age, error: null };
}

/**
 * Takes one product's readings published by an external feeder (the product's JSON in NOAA SWPC's own
 * format): parsed like a fetch, stamped with the instant received. Throws a ValidationError for a payload
 * that is not the product's format, so the caller can dead-letter it; the state is left unchanged then.
 */
export function acceptFeederPayload(state: SolarFeedState, product: SolarProduct, text: string, now: Date): SolarFeedState {
  const readings = PARSERS[product](parseNoaaText(text, product));
  return {
    readings: { ...state.readings, [product]: readings },
    status: { ...state.status, [product]: { freshness: "fresh", fetched_at: now.toISOString(), age_seconds: 0, error: null } },
  };
}
