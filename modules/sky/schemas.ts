import { z } from "zod";
import { SIGNS } from "./angles.ts";
import { BODY_NAMES } from "./bodies.ts";

/** Zodiac sign names, lower case, Aries first. */
export const SignSchema = z.enum(SIGNS);
/** Sun … Pluto, lower case. */
export const BodyNameSchema = z.enum(BODY_NAMES);
