import type { JournalEntry } from "../journal/schemas.ts";
import { type Random, shuffleInPlace } from "../stats/random.ts";

export const DAY_MS = 86_400_000;

/** An analysis window (start, end], in epoch ms, cut into whole days counted back from its end. */
export interface Window {
  start: number;
  end: number;
  days: number;
}

export function windowEnding(end: number, days: number): Window {
  return { start: end - days * DAY_MS, end, days };
}

/**
 * The window a pattern is analysed over: `days` back from `end`, clipped to start just before `earliest` (where
 * journal and sky history both begin), so that a permutation does not move entries into days without data.
 */
export function analysisWindow(end: number, days: number, earliest: number): Window {
  const start = Math.max(end - days * DAY_MS, earliest - 1);
  return { start, end, days: (end - start) / DAY_MS };
}

/** Local calendar day number of an instant for a UTC offset in minutes. */
export function calendarDay(t: number, utcOffsetMinutes: number): number {
  return Math.floor((t + utcOffsetMinutes * 60_000) / DAY_MS);
}

export function inWindow(t: number, window: Window): boolean {
  return t > window.start && t <= window.end;
}

/** The window's entries with their day index and time within the day, which a permutation keeps. */
export interface PlacedEntry {
  entry: JournalEntry;
  day: number;
  offset: number;
}

export function placeEntries(entries: readonly JournalEntry[], window: Window): PlacedEntry[] {
  const dayCount = Math.ceil(window.days);
  return entries.flatMap((entry) => {
    const t = Date.parse(entry.time);
    if (!inWindow(t, window)) return [];
    const since = t - window.start;
    const day = Math.min(dayCount - 1, Math.floor(since / DAY_MS));
    return [{ entry, day, offset: since - day * DAY_MS }];
  });
}

/** Where each day of the window goes: identity for the observed data, a block permutation otherwise. */
export type DayMap = Int32Array;

export function identityDays(window: Window): DayMap {
  return Int32Array.from({ length: Math.ceil(window.days) }, (_, i) => i);
}

/**
 * A random rearrangement of the window's days in blocks of `blockDays` consecutive days. Journal entries move
 * with their day (keeping their time of day) while the sky stays where it was: under the null hypothesis that
 * a person's days do not depend on the sky, every rearrangement is as likely as the observed one. Moving
 * blocks rather than single days keeps runs of similar days together, so day-to-day autocorrelation of mood or
 * symptoms is not mistaken for a relation with the sky.
 */
export function permutedDays(window: Window, blockDays: number, random: Random): DayMap {
  const dayCount = Math.ceil(window.days);
  const blocks: { start: number; length: number }[] = [];
  for (let start = 0; start < dayCount; start += blockDays) blocks.push({ start, length: Math.min(blockDays, dayCount - start) });
  const order = shuffleInPlace([...blocks], random);
  const map = new Int32Array(dayCount);
  let cursor = 0;
  for (const block of order) {
    for (let i = 0; i < block.length; i++) map[block.start + i] = cursor + i;
    cursor += block.length;
  }
  return map;
}

/** An entry's time under a day map, epoch ms. */
export function movedTime(placed: PlacedEntry, window: Window, map: DayMap): number {
  return window.start + (map[placed.day] as number) * DAY_MS + placed.offset;
}

/** Permutation p-value with the observed arrangement counted among the permutations (never 0). */
export function permutationPValue(exceeding: number, permutations: number): number {
  return (1 + exceeding) / (1 + permutations);
}
