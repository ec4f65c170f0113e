import { GuttersError, ValidationError } from "../core/errors.ts";
import { acceptFeederPayload, emptySolarFeedState } from "../modules/tracking/solar/feed.ts";
import { FeedLimitsSchema, type FeedLimits, SOLAR_PRODUCTS, type SolarProduct, SolarFeedStateSchema } from "../modules/tracking/solar/schemas.ts";

/** The solar config's typed defaults: the node hands this function no config, and a feeder's payload is
 * bounded before anything else is read. */
const DEFAULT_LIMITS = FeedLimitsSchema.parse({});

/**
 * Folds a solar product published by an external feeder into the tracker's current feed state. The payload
 * is the product's JSON in NOAA SWPC's format, bare or as the `data` of a CloudEvent.
 */
export function acceptSolarFeed(current: unknown, product: string, payload: Uint8Array, now: Date, limits: FeedLimits = DEFAULT_LIMITS): unknown {
  if (!(SOLAR_PRODUCTS as readonly string[]).includes(product)) {
    throw new ValidationError(`unknown solar product "${product}" (expected ${SOLAR_PRODUCTS.join(", ")})`, [
      { path: "topic", message: "unknown product" },
    ]);
  }
  if (payload.byteLength > limits.max_bytes) {
    throw new GuttersError("payload_too_large", `feed payload exceeds ${limits.max_bytes} bytes`, { status: 413 });
  }
  let text = new TextDecoder().decode(payload);
  const envelope = safeJson(text);
  if (envelope !== null && typeof envelope === "object" && !Array.isArray(envelope) && "specversion" in envelope && "data" in envelope) {
    // A non-finite number (`1e400` parses to Infinity) is kept as text, which the range checks refuse; written
    // as JSON it would become `null`, a missing reading, and an impossible value would pass.
    text = JSON.stringify((envelope as { data: unknown }).data, (_key, value: unknown) =>
      typeof value === "number" && !Number.isFinite(value) ? String(value) : value,
    );
  }
  const state = SolarFeedStateSchema.safeParse(current);
  return acceptFeederPayload(state.success ? state.data : emptySolarFeedState(), product as SolarProduct, text, now, limits);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
