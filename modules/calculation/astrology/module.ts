import { defineCalculationModule } from "../../contract.ts";
import { AstrologyConfigSchema, AstrologyDataSchema } from "./schemas.ts";
import { calculateAstrology } from "./service.ts";

/** Western astrology: natal chart with bodies, nodes, angles, houses, aspects and summary (issue 3). */
export const astrologyModule = defineCalculationModule({
  name: "astrology",
  layer: "calculation",
  version: "1.0.0",
  description:
    "Natal chart: Sun to Pluto and lunar nodes (geocentric apparent, ecliptic of date, tropical or sidereal), angles, " +
    "seven house systems, aspects, element/modality summary; probabilistic chart when the birth time is unknown",
  config: AstrologyConfigSchema,
  data: AstrologyDataSchema,
  calculate: (birth, config) => calculateAstrology(birth, config),
});

export default astrologyModule;
