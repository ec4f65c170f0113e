/**
 * A user's generation is when the user was created. An id erased and created again names someone else, so
 * everything derived from a user (revision events, profiles, syntheses, erasures) says which generation it
 * belongs to, and is ordered by generation first, revision second.
 */

/**
 * The id of a revision's birth-data event. Deterministic, so a re-announced revision carries the same id
 * and consumers drop the duplicate; the creation time keeps ids of a user erased and created again apart.
 */
export function birthEventId(userId: string, revision: number, createdAt: Date): string {
  return `${userId}/r${revision}.${createdAt.getTime().toString(36)}`;
}

const BIRTH_EVENT_ID = /\/r[1-9][0-9]*\.([0-9a-z]{1,12})$/;

/** The generation a revision event id (from `birthEventId`) belongs to; null for an id GUTTERS did not make. */
export function generationOfBirthEvent(eventId: string): Date | null {
  const match = BIRTH_EVENT_ID.exec(eventId);
  if (match === null) return null;
  const created = new Date(Number.parseInt(match[1] as string, 36));
  return Number.isNaN(created.getTime()) ? null : created;
}

/**
 * The filter of a stored document (profile or synthesis) that a write of `generation`/`revision` may replace:
 * one of an earlier generation, or of an earlier revision of the same one. Documents stored before
 * generations were recorded hold the only generation there was then, and are ordered by revision alone.
 */
export function replaceableBy(generation: Date, revisionField: string, revision: number): Record<string, unknown> {
  return {
    $or: [
      { user_created_at: { $lt: generation } },
      { user_created_at: generation, [revisionField]: { $lt: revision } },
      { user_created_at: { $exists: false }, [revisionField]: { $lt: revision } },
    ],
  };
}
