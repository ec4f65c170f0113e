import { ValidationError } from "../core/errors.ts";
import { acceptFeederPayload, emptySolarFeedState } from "../modules/tracking/solar/feed.ts";
import { SOLAR_PRODUCTS, type SolarProduct, SolarFeedStateSchema } from "../modules/tracking/solar/schemas.ts";
import { MAX_PAYLOAD_BYTES } from "../core/decode.ts";

/** Feeds relay a whole NOAA product (six hours of one-minute rows), larger than an event payload. */
const MAX_FEED_BYTES = 16 * MAX_PAYLOAD_BYTES;

/**
 * Folds a solar product published by an external feeder into the tracker's current feed state. The payload
 * is the product's JSON in NOAA SWPC's format, bare or as the `data` of a CloudEvent.
 */
export function acceptSolarFeed(current: unknown, product: string, payload: Uint8Array, now: Date): unknown {
  if (!(SOLAR_PRODUCTS as readonly string[]).includes(product)) {
    throw new ValidationError(`unknown solar product "${product}" (expected ${SOLAR_PRODUCTS.join(", ")})`, [
      { path: "topic", message: "unknown product" },
    ]);
  }
  if (payload.byteLength > MAX_FEED_BYTES) throw new ValidationError(`feed payload exceeds ${MAX_FEED_BYTES} bytes`);
  let text = new TextDecoder().decode(payload);
  const envelope = safeJson(text);
  if (envelope !== null && typeof envelope === "object" && !Array.isArray(envelope) && "specversion" in envelope && "data" in envelope) {
    text = JSON.stringify((envelope as { data: unknown }).data);
  }
  const state = SolarFeedStateSchema.safeParse(current);
  return acceptFeederPayload(state.success ? state.data : emptySolarFeedState(), product as SolarProduct, text, now);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
