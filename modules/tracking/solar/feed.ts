import { lookup } from "node:dns/promises";
import { feedAllowHosts, type FeedHost } from "../../../config/feed-hosts.ts";
import { GuttersError, ValidationError } from "../../../core/errors.ts";
import { assertFeedTarget, FeedRefusedError, type LookupAll } from "./feed-url.ts";
import { parseKp1m, parseKp3h } from "./kp.ts";
import { parseNoaaText } from "./noaa-json.ts";
import {
  SOLAR_PRODUCTS,
  type FeedStatus,
  type SolarFeedState,
  type SolarProduct,
  type SolarReadings,
  type SolarUrls,
  FeedLimitsSchema,
  type FeedLimits,
} from "./schemas.ts";
import { parseMag, parsePlasma } from "./wind.ts";
import { parseXrays } from "./xray.ts";
import { readCapped } from "../../../core/read-capped.ts";

const PARSERS: { [P in SolarProduct]: (payload: unknown) => SolarReadings[P] } = {
  kp_1m: parseKp1m,
  kp_3h: parseKp3h,
  xray: parseXrays,
  mag: parseMag,
  wind: parsePlasma,
};

export type FetchLike = (input: string, init: { signal: AbortSignal; redirect: "error" }) => Promise<Response>;

export interface FetchSolarOptions {
  urls: SolarUrls;
  timeoutMs: number;
  /** The round's instant: stamps fresh readings and ages stale ones (the feed reads no clock). */
  now: Date;
  /** The state the previous round returned; its good readings are kept when this round fails. */
  previous?: SolarFeedState;
  /** How long readings of a product without URL (fed over MQTT) stay fresh, seconds. */
  feederFreshSeconds?: number;
  /** Size and row bounds of one payload (defaults: the config's). */
  limits?: FeedLimits;
  /** Hosts allowed although private (default: `GUTTERS_FEED_ALLOW_HOSTS`). */
  allowHosts?: readonly FeedHost[];
  fetch?: FetchLike;
  /** Resolves a host name to all its addresses (default: the system resolver). */
  lookupAll?: LookupAll;
}

const DEFAULT_LIMITS = FeedLimitsSchema.parse({});
const systemLookup: LookupAll = (host) => lookup(host, { all: true });

/** A state with no readings, every product `missing`. */
export function emptySolarFeedState(): SolarFeedState {
  const missing: FeedStatus = { freshness: "missing", fetched_at: null, age_seconds: null, error: null };
  return {
    readings: { kp_1m: [], kp_3h: [], xray: [], mag: [], wind: [] },
    status: { kp_1m: missing, kp_3h: missing, xray: missing, mag: missing, wind: missing },
  };
}

/** Reads a response body up to `maxBytes`, abandoning the download beyond it. */
async function readCappedBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return (await readCapped(response.body, maxBytes, () => tooLarge(maxBytes))) ?? "";
}

function tooLarge(maxBytes: number): GuttersError {
  return new GuttersError("payload_too_large", `feed payload exceeds ${maxBytes} bytes`, { status: 413 });
}

async function fetchText(url: string, timeoutMs: number, options: FetchSolarOptions, limits: FeedLimits): Promise<string> {
  await assertFeedTarget(url, options.allowHosts ?? feedAllowHosts(), options.lookupAll ?? systemLookup);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  // Redirects are refused: following one would reach a host that was never checked.
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  return await readCappedBody(response, limits.max_bytes);
}

/**
 * Parses one product's payload after checking its size and row count, so a huge or deep document costs no
 * more than the limits allow. Throws a ValidationError (or a 413 GuttersError) naming the rule that failed.
 */
export function parseFeedText<P extends SolarProduct>(product: P, text: string, limits: FeedLimits = DEFAULT_LIMITS): SolarReadings[P] {
  if (Buffer.byteLength(text) > limits.max_bytes) throw tooLarge(limits.max_bytes);
  const payload = parseNoaaText(text, product);
  // A legacy table has one header row above its data rows.
  const header = Array.isArray(payload) && Array.isArray(payload[0]) ? 1 : 0;
  if (Array.isArray(payload) && payload.length - header > limits.max_rows) {
    throw new ValidationError(`${product}: more than ${limits.max_rows} rows`, [{ path: "(root)", message: `at most ${limits.max_rows} rows` }]);
  }
  return PARSERS[product](payload);
}

/**
 * What a failed product reports in its status, stored with the snapshot and served over HTTP and MQTT. Only
 * texts of our own: the error codes and field paths of a rejected payload, the HTTP status, the refusal rule,
 * never what the server sent, which may be anything (a local file, a page of HTML).
 */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  if (error instanceof FeedRefusedError) return error.message;
  if (error instanceof GuttersError) {
    // Issue messages are the schemas' own texts (zod's, or ours in noaa-json.ts), which never quote the input.
    const first = error.issues[0];
    return first === undefined ? `${error.code}: ${error.message}` : `${error.code}: ${first.path}: ${first.message}`;
  }
  if (error instanceof Error && /^HTTP \d{3}$/.test(error.message)) return error.message;
  return "fetch failed";
}

/**
 * Fetches every configured NOAA SWPC product once, each with its own timeout, and parses it. A product whose
 * fetch or parse fails keeps the previous round's readings marked `stale` with their age in seconds, or stays
 * `missing` with empty readings: values are never invented. The only I/O of the solar tracker.
 */
export async function fetchSolarFeeds(options: FetchSolarOptions): Promise<SolarFeedState> {
  const previous = options.previous ?? emptySolarFeedState();
  const limits = options.limits ?? DEFAULT_LIMITS;
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
        const parsed = parseFeedText(product, await fetchText(url, options.timeoutMs, options, limits), limits);
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
export function acceptFeederPayload(
  state: SolarFeedState,
  product: SolarProduct,
  text: string,
  now: Date,
  limits: FeedLimits = DEFAULT_LIMITS,
): SolarFeedState {
  const readings = parseFeedText(product, text, limits);
  return {
    readings: { ...state.readings, [product]: readings },
    status: { ...state.status, [product]: { freshness: "fresh", fetched_at: now.toISOString(), age_seconds: 0, error: null } },
  };
}
