import { SIGNS, formatLongitude, type SignName } from "../../sky/angles.ts";
import type { BodyName } from "../../sky/bodies.ts";
import type { AstrologyConfig, AstrologyData, Aspect } from "./schemas.ts";

export const ELEMENTS = ["fire", "earth", "air", "water"] as const;
export const MODALITIES = ["cardinal", "fixed", "mutable"] as const;
type Element = (typeof ELEMENTS)[number];
type Modality = (typeof MODALITIES)[number];

/** Aries fire, Taurus earth, Gemini air, Cancer water, and round again. */
export function elementOf(sign: SignName): Element {
  return ELEMENTS[SIGNS.indexOf(sign) % 4] as Element;
}
/** Aries cardinal, Taurus fixed, Gemini mutable, and round again. */
export function modalityOf(sign: SignName): Modality {
  return MODALITIES[SIGNS.indexOf(sign) % 3] as Modality;
}

const TRADITIONAL_RULERS: Record<SignName, BodyName> = {
  aries: "mars",
  taurus: "venus",
  gemini: "mercury",
  cancer: "moon",
  leo: "sun",
  virgo: "mercury",
  libra: "venus",
  scorpio: "mars",
  sagittarius: "jupiter",
  capricorn: "saturn",
  aquarius: "saturn",
  pisces: "jupiter",
};
const MODERN_RULERS: Record<SignName, BodyName> = { ...TRADITIONAL_RULERS, scorpio: "pluto", aquarius: "uranus", pisces: "neptune" };

export function rulerOf(sign: SignName, rulership: AstrologyConfig["rulership"]): BodyName {
  return (rulership === "modern" ? MODERN_RULERS : TRADITIONAL_RULERS)[sign];
}

/** A point counted in the summaries: its sign and (when the time is known) its house. */
export interface SummaryPoint {
  sign: SignName;
  house: number | null;
}

/** The key with the highest count; ties go to the earlier key in `order`, so results are deterministic. */
function dominant<K extends string>(counts: Record<K, number>, order: readonly K[]): K {
  let best = order[0] as K;
  for (const key of order) if (counts[key] > counts[best]) best = key;
  return best;
}

export function elementCounts(points: readonly SummaryPoint[]): AstrologyData["elements"] {
  const counts = { fire: 0, earth: 0, air: 0, water: 0 };
  for (const p of points) counts[elementOf(p.sign)]++;
  return counts;
}

export function modalityCounts(points: readonly SummaryPoint[]): AstrologyData["modalities"] {
  const counts = { cardinal: 0, fixed: 0, mutable: 0 };
  for (const p of points) counts[modalityOf(p.sign)]++;
  return counts;
}

/**
 * Hemisphere counts by house: eastern = houses 10–3 (around the ascendant), western = 4–9, northern = below
 * the horizon (houses 1–6), southern = above it (7–12). Null when houses are unknown.
 */
export function hemisphereCounts(points: readonly SummaryPoint[]): NonNullable<AstrologyData["summary"]["hemispheres"]> | null {
  if (points.some((p) => p.house === null)) return null;
  const counts = { eastern: 0, western: 0, northern: 0, southern: 0 };
  for (const { house } of points) {
    const h = house ?? 1;
    if (h >= 10 || h <= 3) counts.eastern++;
    else counts.western++;
    if (h <= 6) counts.northern++;
    else counts.southern++;
  }
  return counts;
}

export function chartSummary(
  points: readonly SummaryPoint[],
  ascendantSign: SignName | null,
  placementOf: (body: BodyName) => SummaryPoint,
  rulership: AstrologyConfig["rulership"],
): AstrologyData["summary"] {
  const signCounts = Object.fromEntries(SIGNS.map((s) => [s, 0])) as Record<SignName, number>;
  for (const p of points) signCounts[p.sign]++;
  let chartRuler: AstrologyData["summary"]["chart_ruler"] = null;
  if (ascendantSign !== null) {
    const body = rulerOf(ascendantSign, rulership);
    chartRuler = { body, ...placementOf(body) };
  }
  return {
    hemispheres: hemisphereCounts(points),
    chart_ruler: chartRuler,
    dominant_element: dominant(elementCounts(points), ELEMENTS),
    dominant_modality: dominant(modalityCounts(points), MODALITIES),
    dominant_sign: dominant(signCounts, SIGNS),
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const label = (s: string) => s.split("_").map(capital).join(" ");

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

function formatOrb(orb: number): string {
  const minutes = Math.round(orb * 60);
  return `${Math.floor(minutes / 60)}°${String(minutes % 60).padStart(2, "0")}′`;
}

/** Short sentences from tables: Sun, Moon and Ascendant placements, the tightest aspects, the dominant element. */
export function insightSentences(data: AstrologyData, tightAspects = 3): string[] {
  const sentences: string[] = [];
  for (const name of ["sun", "moon"] as const) {
    const body = data.bodies.find((b) => b.name === name);
    if (!body) continue;
    const where = body.house === null ? "" : ` in the ${ordinal(body.house)} house`;
    sentences.push(`${label(name)} in ${label(body.sign)}${where}${body.near_boundary ? " (within 1′ of a sign boundary)" : ""}`);
  }
  if (data.angles) {
    const asc = data.angles.ascendant;
    sentences.push(`Ascendant at ${formatLongitude(asc.longitude).split(" ")[0]} ${label(asc.sign)}`);
  }
  const tight = [...data.aspects].sort((x: Aspect, y: Aspect) => x.orb - y.orb).slice(0, tightAspects);
  for (const a of tight) {
    sentences.push(`${label(a.a)} ${a.type.replace("_", "-")} ${label(a.b)} (orb ${formatOrb(a.orb)}, ${a.applying ? "applying" : "separating"})`);
  }
  const element = data.summary.dominant_element;
  const total = Object.values(data.elements).reduce((s, n) => s + n, 0);
  sentences.push(`Dominant element: ${element} (${data.elements[element]} of ${total} points)`);
  if (data.summary.chart_ruler) {
    const r = data.summary.chart_ruler;
    sentences.push(`Chart ruler: ${label(r.body)} in ${label(r.sign)}${r.house === null ? "" : ` in the ${ordinal(r.house)} house`}`);
  }
  return sentences;
}
