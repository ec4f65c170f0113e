import { defineIntelligenceModule } from "../../contract.ts";
import { JournalConfigSchema } from "./schemas.ts";

/** Journal entries, validated and stored with the cosmic context of their time (service: createJournalEntry, withContext). */
export const journalModule = defineIntelligenceModule({
  name: "journal",
  layer: "intelligence",
  version: "1.0.0",
  description: "Journal entries with mood, energy, symptoms and tags, each stored with the lunar phase, Moon sign, Kp and exact transits of its time",
  config: JournalConfigSchema,
  // Clients publish entries as `journal.entry.created` on their own topic (or POST them); the node stores them.
  consumes: ["journal.entry.created"],
  emits: [],
});
