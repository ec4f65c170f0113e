import { z } from "zod";
import type { BirthData } from "../../../modules/birth-data.ts";
import { type CalculationModule, defineCalculationModule } from "../../../modules/contract.ts";

/** Config of the test modules: one field with a default, as every module config must have. */
export const EchoConfigSchema = z.object({ factor: z.number().int().min(1).default(2) });
export const EchoDataSchema = z.object({ year: z.number().int(), scaled: z.number().int() });

export interface EchoOptions {
  name?: string;
  /** Replaces the calculation, e.g. to throw or to return data the schema refuses. */
  calculate?: CalculationModule<typeof EchoConfigSchema, typeof EchoDataSchema>["calculate"];
}

/** A tiny calculation module: the birth year and the year times the configured factor. */
export function echoModule(options: EchoOptions = {}): CalculationModule<typeof EchoConfigSchema, typeof EchoDataSchema> {
  return defineCalculationModule({
    name: options.name ?? "echo",
    layer: "calculation",
    version: "2.1.0",
    description: "Birth year, scaled",
    config: EchoConfigSchema,
    data: EchoDataSchema,
    calculate:
      options.calculate ??
      ((birth, config) => {
        const year = Number(birth.date.slice(0, 4));
        return {
          data: { year, scaled: year * config.factor },
          insights: [`born in ${year}`],
          confidence: birth.time === undefined ? 0.5 : 1,
          accuracy: birth.time === undefined ? "probabilistic" : "full",
          ...(birth.time === undefined ? { notes: ["no birth time"] } : {}),
        };
      }),
  });
}

export const BIRTH: BirthData = {
  name: "Ada Lovelace",
  date: "1815-12-10",
  latitude: 51.5,
  longitude: -0.12,
  calendar: "gregorian",
};
