import { z } from "zod";
import { LunarConfigSchema, PrincipalPhaseSchema, SignSchema, VocAspectSchema } from "../lunar/schemas.ts";
import { AspectNameSchema, BodyNameSchema, MotionSchema, NatalPointsSchema, TransitsConfigSchema } from "../transits/schemas.ts";

const Iso = z.iso.datetime();

export const UpcomingConfigSchema = z.object({
  lunar: LunarConfigSchema.default(() => LunarConfigSchema.parse({})),
  transits: TransitsConfigSchema.default(() => TransitsConfigSchema.parse({})),
  /** Bodies whose sign ingresses are listed. The Moon is left out by default: its ingresses are the `end` of
   * every void_of_course event. */
  ingress_bodies: z.array(BodyNameSchema).default(["sun", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"]),
  /** Longest window a request may ask for, days. */
  max_days: z.number().int().positive().default(366),
});
export type UpcomingConfig = z.infer<typeof UpcomingConfigSchema>;

/** Event shapes of DESIGN.md §8 (`bun run cli track upcoming`). */
export const UpcomingEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("lunar_phase"), time: Iso, phase: PrincipalPhaseSchema }),
  z.object({ type: z.literal("ingress"), time: Iso, body: BodyNameSchema, sign: SignSchema, direction: MotionSchema }),
  z.object({ type: z.literal("station"), time: Iso, body: BodyNameSchema, direction: MotionSchema }),
  z.object({ type: z.literal("void_of_course"), time: Iso, end: Iso, sign: SignSchema, last_aspect: VocAspectSchema.nullable() }),
  z.object({ type: z.literal("transit_exact"), time: Iso, body: BodyNameSchema, natal_body: z.string(), aspect: AspectNameSchema }),
]);
export type UpcomingEvent = z.infer<typeof UpcomingEventSchema>;

export const UpcomingSchema = z.object({ events: z.array(UpcomingEventSchema) });
export type Upcoming = z.infer<typeof UpcomingSchema>;

export { NatalPointsSchema };
