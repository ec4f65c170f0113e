import { signedDegreeDifference } from "../../modules/sky/angles.ts";
import { skySnapshot } from "../../modules/sky/ephemeris.ts";
import { chartAngles, houseCusps, houseFrame } from "../../modules/calculation/astrology/service.ts";
import { ayanamsaDegrees } from "../../modules/calculation/astrology/zodiac.ts";
import { activationsAt, designMoment } from "../../modules/calculation/human_design/activations.ts";
import type { Activation, ActivationBody } from "../../modules/calculation/human_design/schemas.ts";
import { POINTS, TABLE_HOUSE_SYSTEMS, type Point, type ReferenceChart } from "./reference-table.ts";

/** One measured difference: project − Swiss Ephemeris, absolute, in arcseconds (seconds of time for design_time). */
export interface Measurement {
  quantity: string;
  error: number;
}

const arcsec = (ours: number, theirs: number) => Math.abs(signedDegreeDifference(ours, theirs)) * 3600;

/** Swiss Ephemeris longitude of each Human Design activation on one side. */
export function referenceActivationLongitudes(points: Record<Point, number>): Record<ActivationBody, number> {
  return {
    sun: points.sun,
    earth: (points.sun + 180) % 360,
    moon: points.moon,
    north_node: points.true_node,
    south_node: (points.true_node + 180) % 360,
    mercury: points.mercury,
    venus: points.venus,
    mars: points.mars,
    jupiter: points.jupiter,
    saturn: points.saturn,
    uranus: points.uranus,
    neptune: points.neptune,
    pluto: points.pluto,
  };
}

/** The project's values for one reference chart: astrology points, angles, cusps, ayanamsas, both HD sides. */
export function compareChart(chart: ReferenceChart): { measurements: Measurement[]; personality: Activation[]; design: Activation[] } {
  const measurements: Measurement[] = [];
  const sky = skySnapshot(chart.utc);
  const ours: Record<Point, number> = {
    ...(Object.fromEntries(Object.entries(sky.bodies).map(([name, p]) => [name, p.longitude])) as Record<Point, number>),
    true_node: sky.true_node.longitude,
    mean_node: sky.mean_node.longitude,
  };
  for (const point of POINTS) measurements.push({ quantity: point, error: arcsec(ours[point], chart.personality[point]) });

  const frame = houseFrame(sky.gast_hours, sky.obliquity, chart.latitude, chart.longitude);
  const angles = chartAngles(frame);
  measurements.push({ quantity: "ascendant", error: arcsec(angles.ascendant, chart.ascendant) });
  measurements.push({ quantity: "midheaven", error: arcsec(angles.midheaven, chart.midheaven) });
  measurements.push({ quantity: "vertex", error: arcsec(angles.vertex, chart.vertex) });
  for (const system of TABLE_HOUSE_SYSTEMS) {
    const cusps = houseCusps(system, frame, angles);
    const reference = chart.houses[system];
    // A missing system is an error of the whole circle: it must never happen inside the polar circles.
    const worst = cusps === null ? 180 * 3600 : Math.max(...cusps.map((c, i) => arcsec(c, reference[i] ?? Number.NaN)));
    measurements.push({ quantity: `houses.${system}`, error: worst });
  }
  measurements.push({ quantity: "ayanamsa.lahiri", error: arcsec(ayanamsaDegrees("lahiri", chart.utc), chart.ayanamsa.lahiri) });
  measurements.push({
    quantity: "ayanamsa.fagan_bradley",
    error: arcsec(ayanamsaDegrees("fagan_bradley", chart.utc), chart.ayanamsa.fagan_bradley),
  });

  const personality = activationsAt(chart.utc, "true", 1, "personality");
  const designUtc = designMoment(chart.utc, personality[0]?.longitude);
  measurements.push({ quantity: "design_time (s)", error: Math.abs(designUtc.getTime() - chart.designUtc.getTime()) / 1000 });
  const design = activationsAt(designUtc, "true", 1, "design");
  const sides = [
    ["personality", personality, referenceActivationLongitudes(chart.personality)],
    ["design", design, referenceActivationLongitudes(chart.design)],
  ] as const;
  for (const [side, activations, reference] of sides) {
    for (const activation of activations) {
      measurements.push({ quantity: `${side}.${activation.body}`, error: arcsec(activation.longitude, reference[activation.body]) });
    }
  }
  return { measurements, personality, design };
}
