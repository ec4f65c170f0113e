import { defineIntelligenceModule } from "../../contract.ts";
import { ObserverConfigSchema } from "./schemas.ts";

/** Per-person patterns between the journal and the sky (service: observe, findingEvents). */
export const observerModule = defineIntelligenceModule({
  name: "observer",
  layer: "intelligence",
  version: "1.0.0",
  description:
    "Solar–symptom, lunar-phase, weekday and transit-theme patterns in a person's journal, with permutation or exact p-values corrected for the number of tests",
  config: ObserverConfigSchema,
  // The node runs it per person: after new entries (debounced) and on its schedule.
  personal: true,
  consumes: ["journal.entry.created"],
  emits: ["observer.finding.detected", "observer.finding.updated"],
});
