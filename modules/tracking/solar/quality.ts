import type { Accuracy } from "../../contract.ts";
import { type FeedStatus, SOLAR_PRODUCTS } from "./schemas.ts";

/** A stale reading still says something (it is kept with its age), so it counts half of a fresh one. */
const STALE_WEIGHT = 0.5;

/**
 * How far a solar snapshot can be trusted: the share of its five NOAA products that answered this round
 * (stale ones at half weight). `full` only when every product is fresh; otherwise `partial`, with a note per
 * product that was stale or missing, so an offline node never reports full confidence.
 */
export function solarQuality(feeds: Record<(typeof SOLAR_PRODUCTS)[number], FeedStatus>): {
  confidence: number;
  accuracy: Accuracy;
  notes: string[];
} {
  let weight = 0;
  const notes: string[] = [];
  for (const product of SOLAR_PRODUCTS) {
    const status = feeds[product];
    if (status.freshness === "fresh") weight += 1;
    else if (status.freshness === "stale") {
      weight += STALE_WEIGHT;
      notes.push(`${product} is stale (${status.age_seconds ?? "unknown"} s old)`);
    } else notes.push(`${product} is missing${status.error !== null ? `: ${status.error}` : ""}`);
  }
  const confidence = Math.round((weight / SOLAR_PRODUCTS.length) * 100) / 100;
  return { confidence, accuracy: notes.length === 0 ? "full" : "partial", notes };
}
