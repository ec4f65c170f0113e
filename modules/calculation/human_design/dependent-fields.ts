import { distanceToDivisionBoundary } from "./boundary.ts";
import { classifyChart, type ChartClassification } from "./chart.ts";
import { type Activation, type DependentField, DependentFieldSchema } from "./schemas.ts";
import { LINE_WIDTH_DEGREES, WHEEL_START_DEGREES, wheelPosition } from "./wheel.ts";

/** Bodies the variables (the four arrows) are read from, by their colour and tone. */
const VARIABLE_BODIES: readonly Activation["body"][] = ["sun", "earth", "north_node", "south_node"];
/** How far past the nearest line boundary the moved activation is put: far below any ephemeris error. */
const ACROSS_DEGREES = 1e-7;

/** The same activation placed just across its nearest line boundary (the neighbouring line, maybe gate). */
function acrossLineBoundary(activation: Activation): Activation {
  const distance = distanceToDivisionBoundary(activation.longitude, LINE_WIDTH_DEGREES);
  const intoLine = ((activation.longitude - WHEEL_START_DEGREES) % LINE_WIDTH_DEGREES + LINE_WIDTH_DEGREES) % LINE_WIDTH_DEGREES;
  // Below the middle of its line the nearest boundary is behind it, above the middle ahead.
  const step = intoLine < LINE_WIDTH_DEGREES / 2 ? -(distance + ACROSS_DEGREES) : distance + ACROSS_DEGREES;
  const longitude = (((activation.longitude + step) % 360) + 360) % 360;
  return { ...activation, ...wheelPosition(longitude), longitude, near_boundary: activation.near_boundary };
}

function changedFields(base: ChartClassification, other: ChartClassification): DependentField[] {
  const fields: DependentField[] = [];
  if (other.type !== base.type) fields.push("type");
  if (other.authority !== base.authority) fields.push("authority");
  if (other.definition !== base.definition) fields.push("definition");
  if (other.profile !== base.profile) fields.push("profile");
  if (other.incarnation_cross !== base.incarnation_cross) fields.push("incarnation_cross");
  if (other.channels.join() !== base.channels.join()) fields.push("channels");
  if (other.defined_centers.join() !== base.defined_centers.join()) fields.push("defined_centers");
  return fields;
}

/**
 * Chart fields that could read otherwise within the ephemeris error: the chart is reclassified once per
 * "line"-flagged activation with that activation moved across its line boundary (one at a time: two flagged
 * lines in one chart are rare, and each alone already names the fields at risk). "variables" is added when a
 * Sun, Earth or node is flagged at line, colour or tone, the levels the variables are read from.
 */
export function fieldsAtRisk(personality: readonly Activation[], design: readonly Activation[]): DependentField[] {
  const base = classifyChart(personality, design);
  const risky = new Set<DependentField>();
  const replaced = (list: readonly Activation[], index: number) => list.map((a, i) => (i === index ? acrossLineBoundary(a) : a));
  personality.forEach((activation, index) => {
    if (activation.near_boundary !== "line") return;
    for (const field of changedFields(base, classifyChart(replaced(personality, index), design))) risky.add(field);
  });
  design.forEach((activation, index) => {
    if (activation.near_boundary !== "line") return;
    for (const field of changedFields(base, classifyChart(personality, replaced(design, index)))) risky.add(field);
  });
  const variableFlag = [...personality, ...design].some(
    (a) => VARIABLE_BODIES.includes(a.body) && a.near_boundary !== null && a.near_boundary !== "base",
  );
  if (variableFlag) risky.add("variables");
  return DependentFieldSchema.options.filter((field) => risky.has(field));
}
