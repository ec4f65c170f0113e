import { valueProbabilities } from "../../confidence.ts";
import type { BirthData } from "../../birth-data.ts";
import { SAMPLE_MINUTE, sampleBirthInstants } from "../../sky/birth-time.ts";
import { calculateNatalChart, type NatalChart } from "./chart.ts";
import type { Aspect, AstrologyConfig, AstrologyData } from "./schemas.ts";

/** Aspects are identified across samples by their pair and type. */
const aspectKey = (a: Aspect) => `${a.a}|${a.b}|${a.type}`;

/**
 * Unknown birth time (DESIGN.md §3): 24 charts at hh:30 local time of the birth day. Bodies come from the local
 * noon sample (12:30), without houses; rising sign, each point's sign and house are given as probabilities over
 * the samples; aspects are kept when present in at least half of the samples, with their share.
 */
export function unknownTimeChart(birth: BirthData, config: AstrologyConfig): { data: AstrologyData; notes: string[] } {
  const instants = sampleBirthInstants(birth);
  const charts: NatalChart[] = instants.map((s) => calculateNatalChart(s.utc, birth.latitude, birth.longitude, config));
  const noonIndex = 12;
  const noon = charts[noonIndex] as NatalChart;
  const noonInstant = instants[noonIndex];
  if (!noonInstant) throw new Error("unreachable: 24 samples are always produced");

  const bodies = noon.bodies.map((b) => ({ ...b, house: null }));
  const bodyStability = noon.bodies.map((b) => {
    const placements = charts.map((c) => c.bodies.find((x) => x.name === b.name));
    return {
      name: b.name,
      sign: valueProbabilities(placements.map((p) => p?.sign ?? "unknown")),
      house: valueProbabilities(placements.map((p) => String(p?.house ?? "unknown"))),
    };
  });

  const seen = new Map<string, { aspect: Aspect; count: number }>();
  for (const chart of charts) {
    for (const aspect of chart.aspects) {
      const entry = seen.get(aspectKey(aspect));
      if (entry) entry.count++;
      else seen.set(aspectKey(aspect), { aspect, count: 1 });
    }
  }
  const noonAspects = new Map(noon.aspects.map((a) => [aspectKey(a), a]));
  const aspects: Aspect[] = [];
  for (const [key, { aspect, count }] of seen) {
    const share = count / charts.length;
    if (share < 0.5) continue;
    // Orb and applying are reported at noon when the aspect exists then, else at its first sample.
    aspects.push({ ...(noonAspects.get(key) ?? aspect), share });
  }

  const polar = charts.some((c) => c.polar_fallback_used);
  const risingSign = valueProbabilities(charts.map((c) => c.angles?.ascendant.sign ?? "unknown"));
  const notes = [
    `Birth time unknown: ${charts.length} charts at minute ${SAMPLE_MINUTE} of every hour of the local birth day; ` +
      `planet positions are for 12:${SAMPLE_MINUTE} local time. An exact birth time would fix the ascendant, midheaven and ` +
      `houses, and the Moon's degree (it moves about 13° a day).`,
    ...new Set(instants.flatMap((s) => s.notes)),
  ];
  if (polar) notes.push(`Some samples fall where ${config.house_system} is undefined; ${config.polar_fallback} houses were used for them.`);

  const data: AstrologyData = {
    ...noon,
    time_known: false,
    utc_offset_minutes: noonInstant.offset_minutes,
    offset_source: noonInstant.offset_source,
    local_sidereal_time: null,
    bodies,
    angles: null,
    house_system: null,
    polar_fallback_used: polar,
    houses: [],
    aspects,
    summary: { ...noon.summary, hemispheres: null, chart_ruler: null },
    unknown_time: {
      samples: charts.length,
      sample_minute: SAMPLE_MINUTE,
      rising_sign: risingSign,
      bodies: bodyStability,
    },
  };
  return { data, notes };
}
