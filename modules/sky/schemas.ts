import { z } from "zod";
import { SIGNS } from "./angles.ts";
import { BODY_NAMES } from "./bodies.ts";

/** Zodiac sign names, lower case, Aries first. */
export const SignSchema = z.enum(SIGNS);
/** Sun … Pluto, lower case. */
export const BodyNameSchema = z.enum(BODY_NAMES);

/** Where a body stands on the ecliptic of date, as charts and trackers report it. */
export const EclipticPlacementSchema = z.object({
  /** Apparent geocentric ecliptic longitude of date, degrees [0, 360) (sidereal where a chart is configured so). */
  longitude: z.number(),
  /** Ecliptic latitude, degrees. */
  latitude: z.number(),
  /** Degrees per day in longitude; negative while retrograde. */
  speed: z.number(),
  retrograde: z.boolean(),
  sign: SignSchema,
  /** Degrees into the sign, [0, 30). */
  sign_degree: z.number(),
});
