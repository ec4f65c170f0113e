import { defineIntelligenceModule } from "../../contract.ts";
import { ThemesConfigSchema } from "./schemas.ts";

/** Cross-system themes, highlights and coverage for the synthesis (service: synthesize). */
export const themesModule = defineIntelligenceModule({
  name: "themes",
  layer: "intelligence",
  version: "1.0.0",
  description: "Themes that two or more systems agree on, from a table of module field values, with highlights per module and coverage",
  config: ThemesConfigSchema,
  // The node runs it per person too: it refreshes a synthesis's tracking context after sky events.
  personal: true,
  consumes: [
    "module.profile.calculated",
    "hypothesis.status.changed",
    // Every sky event the trackers publish (the node subscribes to `cosmic.#`).
    "cosmic.lunar.phase",
    "cosmic.lunar.voc_start",
    "cosmic.lunar.voc_end",
    "cosmic.lunar.return",
    "cosmic.ingress",
    "cosmic.retrograde.start",
    "cosmic.retrograde.end",
    "cosmic.transit.exact",
    "cosmic.solar.alert",
    "cosmic.storm.detected",
  ],
  emits: [],
});
