import { ValidationError } from "../../../core/errors.ts";
import { dateParts } from "../../birth-data.ts";
import { defineCalculationModule } from "../../contract.ts";
import { numerologyInsights } from "./insights.ts";
import { NumerologyConfigSchema, NumerologyDataSchema } from "./schemas.ts";
import { numerologyChart } from "./service.ts";

/**
 * Numerology (calculation layer): life path, expression, soul urge, personality, birthday, maturity,
 * master numbers, karmic debt and the personal year, from the full birth name and the birth date.
 */
export const numerologyModule = defineCalculationModule({
  name: "numerology",
  layer: "calculation",
  version: "1.0.0",
  description:
    "Pythagorean or Chaldean numerology of the full birth name and birth date: core numbers, master numbers, karmic debt and the personal year",
  config: NumerologyConfigSchema,
  data: NumerologyDataSchema,
  calculate(birth, config, { now }) {
    if (birth.name === undefined) {
      throw new ValidationError("numerology needs the full birth name", [
        { path: "name", message: "numerology needs the full birth name" },
      ]);
    }
    const data = numerologyChart(birth.name, dateParts(birth), config, now);
    const notes = [
      `Personal year ${data.personal_year.year}: the calendar year of ${data.personal_year.for_date}, the UTC date of the calculation.`,
    ];
    if (birth.calendar === "julian") {
      notes.push("The birth date is read as written in the Julian calendar; numerology does not convert it.");
    }
    if (data.soul_urge === 0) notes.push("The name has no vowels, so the soul urge is 0.");
    if (data.personality === 0) notes.push("The name has no consonants, so the personality number is 0.");
    return { data, insights: numerologyInsights(data), confidence: 1, accuracy: "full", notes };
  },
});
