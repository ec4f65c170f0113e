import { describe, expect, test } from "bun:test";
import { BirthDataSchema } from "../../../birth-data.ts";
import { eraAccuracyNote } from "../../../sky/era-accuracy.ts";
import { calculateHumanDesign } from "../../human_design/service.ts";
import { HumanDesignConfigSchema } from "../../human_design/schemas.ts";
import { AstrologyConfigSchema } from "../schemas.ts";
import { calculateAstrology } from "../service.ts";

const birth = (date: string) =>
  BirthDataSchema.parse({ name: "X", date, time: "12:00", utc_offset: "+00:00", latitude: 48.4, longitude: 9.99 });

/** The era notes restate what `bun run accuracy` measured against Swiss Ephemeris (README "Accuracy"). */
describe("accuracy per era in metadata notes", () => {
  test("1800–2100 carries no era note; every other era names its accuracy", () => {
    expect(eraAccuracyNote(new Date("1800-01-01T00:00:00Z"))).toBeNull();
    expect(eraAccuracyNote(new Date("2099-12-31T23:59:59Z"))).toBeNull();
    // Pluto before 1530: up to 1.8′ (measured 1.55′ in 1500–1549).
    expect(eraAccuracyNote(new Date("1520-05-01T00:00:00Z"))).toContain("1.8′");
    expect(eraAccuracyNote(new Date("1650-05-01T00:00:00Z"))).toContain("before 1800");
    expect(eraAccuracyNote(new Date("2150-05-01T00:00:00Z"))).toContain("after 2100");
    expect(eraAccuracyNote(new Date("1400-05-01T00:00:00Z"))).toContain("before 1500");
    expect(eraAccuracyNote(new Date("2250-05-01T00:00:00Z"))).toContain("after 2200");
  });

  test("astrology and Human Design outputs carry the note outside 1800–2100 only", () => {
    const astrology = AstrologyConfigSchema.parse({});
    const humanDesign = HumanDesignConfigSchema.parse({});
    expect(calculateAstrology(birth("1620-03-14"), astrology).notes?.join(" ")).toContain("Pluto");
    expect(calculateAstrology(birth("1950-03-14"), astrology).notes?.join(" ") ?? "").not.toContain("Pluto");
    const noTime = BirthDataSchema.parse({ name: "X", date: "1620-03-14", utc_offset: "+00:00", latitude: 48.4, longitude: 9.99 });
    expect(calculateAstrology(noTime, astrology).notes?.join(" ")).toContain("before 1800");
    expect(calculateHumanDesign(birth("2150-03-14"), humanDesign).notes?.join(" ")).toContain("after 2100");
    expect(calculateHumanDesign(birth("1950-03-14"), humanDesign).notes?.join(" ") ?? "").not.toContain("Accuracy");
  });
});
