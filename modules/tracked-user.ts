import type { TrackedUser } from "./contract.ts";

/** The part of a stored astrology profile that trackers read. */
export interface NatalProfileProjection {
  user_id: string;
  data?: {
    bodies?: { name: string; longitude: number }[];
    angles?: Record<string, { longitude: number }> | null;
    houses?: { number: number; cusp: number }[];
  };
  metadata?: { accuracy?: string };
}

/** Natal points from a stored astrology profile; house cusps only when the birth time was known. */
export function trackedUserFromProfile(row: NatalProfileProjection): TrackedUser {
  const points: Record<string, number> = {};
  for (const body of row.data?.bodies ?? []) points[body.name] = body.longitude;
  const full = row.metadata?.accuracy === "full";
  if (full) {
    for (const [name, angle] of Object.entries(row.data?.angles ?? {})) points[name] = angle.longitude;
  }
  const houses = row.data?.houses ?? [];
  const user: TrackedUser = { user_id: row.user_id, points };
  if (full && houses.length === 12) user.cusps = [...houses].sort((a, b) => a.number - b.number).map((house) => house.cusp);
  return user;
}
