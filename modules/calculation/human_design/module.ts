import { defineCalculationModule } from "../../contract.ts";
import { HumanDesignConfigSchema, HumanDesignDataSchema } from "./schemas.ts";
import { calculateHumanDesign } from "./service.ts";

/**
 * Human Design (calculation layer): design moment, the 26 personality and design activations, channels,
 * centres, definition, type, strategy, authority, profile and incarnation cross; over 24 hourly samples
 * when the birth time is unknown.
 */
export const humanDesignModule = defineCalculationModule({
  name: "human_design",
  layer: "calculation",
  version: "1.0.0",
  description:
    "Human Design bodygraph: 26 activations on the standard wheel, channels and centres, type by connectivity, authority, profile and incarnation cross, with probabilities when the birth time is unknown",
  config: HumanDesignConfigSchema,
  data: HumanDesignDataSchema,
  // The chart depends only on the birth instant; the calculation time is not part of it.
  calculate: (birth, config) => calculateHumanDesign(birth, config),
});
