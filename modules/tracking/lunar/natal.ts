import { signedDegreeDifference, SIGNS, signOf } from "../../sky/angles.ts";
import { bodyPosition } from "../../sky/ephemeris.ts";
import { findLongitude } from "../../sky/search.ts";
import type { LunarConfig, UserLunar } from "./schemas.ts";

/**
 * The transiting Moon against a natal Moon (longitude in degrees, same zodiac): same sign or not, signs between
 * them, and the lunar return: active while the Moon is within the configured orb of the natal longitude, with
 * the next exact return strictly after `at` (within 28 days, one sidereal month).
 */
export function userLunar(at: Date, natalMoonLongitude: number, config: LunarConfig): UserLunar {
  const moon = bodyPosition("moon", at).longitude;
  const natalSign = signOf(natalMoonLongitude).sign;
  const sign = signOf(moon).sign;
  const orb = Math.abs(signedDegreeDifference(moon, natalMoonLongitude));
  const start = new Date(at.getTime() + 1000);
  const next = findLongitude("moon", natalMoonLongitude, start, new Date(start.getTime() + 28 * 86_400_000), {
    toleranceSeconds: config.tolerance_seconds,
  });
  if (next === null) throw new Error(`no lunar return within 28 days of ${at.toISOString()}`);
  return {
    natal_moon: { longitude: natalMoonLongitude, sign: natalSign },
    same_sign: sign === natalSign,
    sign_distance: (SIGNS.indexOf(sign) - SIGNS.indexOf(natalSign) + 12) % 12,
    lunar_return: { active: orb <= config.lunar_return_orb_deg, orb, next: next.toISOString() },
  };
}
