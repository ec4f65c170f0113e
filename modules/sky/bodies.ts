import { Body } from "astronomy-engine";

/** The ten bodies every chart and tracker uses, in traditional order (luminaries, then by distance). */
export const BODY_NAMES = ["sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"] as const;
export type BodyName = (typeof BODY_NAMES)[number];

/** astronomy-engine's identifier of each body. */
export const ENGINE_BODY: Readonly<Record<BodyName, Body>> = {
  sun: Body.Sun,
  moon: Body.Moon,
  mercury: Body.Mercury,
  venus: Body.Venus,
  mars: Body.Mars,
  jupiter: Body.Jupiter,
  saturn: Body.Saturn,
  uranus: Body.Uranus,
  neptune: Body.Neptune,
  pluto: Body.Pluto,
};

export function isBodyName(name: string): name is BodyName {
  return (BODY_NAMES as readonly string[]).includes(name);
}
