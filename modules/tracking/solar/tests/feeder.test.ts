import { describe, expect, test } from "bun:test";
import { ValidationError } from "../../../../core/errors.ts";
import { acceptFeederPayload, emptySolarFeedState, fetchSolarFeeds } from "../feed.ts";
import { SolarUrlsSchema } from "../schemas.ts";
import { payloadText } from "./cases.ts";

const RECEIVED = new Date("2026-08-07T01:30:00Z");

describe("readings from an external feeder", () => {
  test("a product in NOAA's own format is taken as fresh, stamped when received (case swpc-kp1m-latest)", () => {
    const state = acceptFeederPayload(emptySolarFeedState(), "kp_1m", payloadText("swpc-kp1m-latest"), RECEIVED);
    expect(state.status.kp_1m).toEqual({ freshness: "fresh", fetched_at: RECEIVED.toISOString(), age_seconds: 0, error: null });
    expect(state.readings.kp_1m.length).toBeGreaterThan(0);
    expect(state.status.xray.freshness).toBe("missing");
  });

  test("a truncated payload is refused and nothing is taken", () => {
    expect(() => acceptFeederPayload(emptySolarFeedState(), "kp_1m", '[{"time_tag": ', RECEIVED)).toThrow(ValidationError);
  });

  test("a product without URL is not fetched; its fed readings age to stale after the configured time", async () => {
    const fed = acceptFeederPayload(emptySolarFeedState(), "kp_1m", payloadText("swpc-kp1m-latest"), RECEIVED);
    const urls = { ...SolarUrlsSchema.parse({}), kp_1m: null };
    // The default SWPC host names are resolved before each fetch; here they resolve to a public address.
    const lookupAll = async () => [{ address: "140.172.10.10" }];
    let fetched = 0;
    const failAll = async () => {
      fetched += 1;
      return new Response("down", { status: 503 });
    };
    const soon = await fetchSolarFeeds({ urls, timeoutMs: 100, now: new Date(RECEIVED.getTime() + 60_000), previous: fed, feederFreshSeconds: 600, fetch: failAll, lookupAll });
    expect(soon.status.kp_1m.freshness).toBe("fresh");
    expect(soon.status.kp_1m.age_seconds).toBe(60);
    const later = await fetchSolarFeeds({ urls, timeoutMs: 100, now: new Date(RECEIVED.getTime() + 601_000), previous: soon, feederFreshSeconds: 600, fetch: failAll, lookupAll });
    expect(later.status.kp_1m.freshness).toBe("stale");
    expect(later.readings.kp_1m).toEqual(fed.readings.kp_1m);
    // Four products have URLs, fetched (and failing) twice; kp_1m never.
    expect(fetched).toBe(8);
  });
});
