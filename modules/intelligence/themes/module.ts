import { defineIntelligenceModule } from "../../contract.ts";
import { ThemesConfigSchema } from "./schemas.ts";

/** Cross-system themes, highlights and coverage for the synthesis (service: synthesize). */
export const themesModule = defineIntelligenceModule({
  name: "themes",
  layer: "intelligence",
  version: "1.0.0",
  description: "Themes that two or more systems agree on, from a table of module field values, with highlights per module and coverage",
  config: ThemesConfigSchema,
  consumes: ["module.profile.calculated", "hypothesis.status.changed"],
  emits: [],
});
