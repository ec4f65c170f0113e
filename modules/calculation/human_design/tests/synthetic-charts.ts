import { type ActivationInput, type ChartClassification, classifyChart } from "../chart.ts";
import { ActivationBodySchema } from "../schemas.ts";

const OTHER_BODIES = ActivationBodySchema.options.filter((body) => body !== "sun" && body !== "earth");

/**
 * A chart whose activations carry exactly the given gates (besides the Sun/Earth gates, chosen so that they
 * complete no channel with anything used in the tests: 41/31 personality, 24/44 design, unless overridden).
 * Extra gates are spread over the remaining bodies of both sides; at most 22 of them.
 */
export function syntheticChart(
  gates: readonly number[],
  options: { personalitySun?: [number, number]; personalityEarth?: number; designSun?: [number, number]; designEarth?: number } = {},
): ChartClassification {
  if (gates.length > OTHER_BODIES.length * 2) throw new RangeError("too many gates for 22 bodies");
  const [pSunGate, pSunLine] = options.personalitySun ?? [41, 1];
  const [dSunGate, dSunLine] = options.designSun ?? [24, 3];
  const personality: ActivationInput[] = [
    { body: "sun", gate: pSunGate, line: pSunLine },
    { body: "earth", gate: options.personalityEarth ?? 31, line: pSunLine },
  ];
  const design: ActivationInput[] = [
    { body: "sun", gate: dSunGate, line: dSunLine },
    { body: "earth", gate: options.designEarth ?? 44, line: dSunLine },
  ];
  gates.forEach((gate, index) => {
    const side = index % 2 === 0 ? personality : design;
    const body = OTHER_BODIES[Math.floor(index / 2)];
    if (body !== undefined) side.push({ body, gate, line: 1 });
  });
  return classifyChart(personality, design);
}
