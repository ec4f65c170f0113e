import type { JournalEntry } from "../journal/schemas.ts";
import { fisherExactGreater } from "../stats/fisher.ts";
import type { ObserverConfig } from "./schemas.ts";
import type { TestResult } from "./test-result.ts";
import { placeEntries, type Window } from "./timeline.ts";

function mentionsTheme(entry: JournalEntry, keywords: readonly string[]): boolean {
  const text = entry.text.toLowerCase();
  return keywords.some((word) => entry.tags?.includes(word) || new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(text));
}

/**
 * Transit–theme tests over the exact transits stored with each entry: for each keyword theme with enough
 * entries and each transit seen often enough in the window, Fisher's exact test (one-sided) of "the transit is
 * more frequent in the theme's entries than in the others". The gates look at counts alone, never at how the
 * two are associated, so the number of tests does not depend on the outcome. Entries without a stored context
 * take no part.
 */
export function transitTests(entries: readonly JournalEntry[], window: Window, config: ObserverConfig): TestResult[] {
  const settings = config.transit;
  const placed = placeEntries(entries, window).filter((p) => p.entry.context !== undefined);
  const transitCounts = new Map<string, number>();
  for (const p of placed) for (const label of new Set(p.entry.context?.transits)) transitCounts.set(label, (transitCounts.get(label) ?? 0) + 1);
  const transits = [...transitCounts].filter(([, count]) => count >= settings.min_transit_entries).map(([label]) => label).sort();

  return Object.entries(settings.themes).flatMap(([theme, keywords]) => {
    const inTheme = placed.map((p) => mentionsTheme(p.entry, keywords));
    const themed = inTheme.filter(Boolean).length;
    if (themed < settings.min_theme_entries || themed === placed.length) return [];
    return transits.map((transit): TestResult => {
      const has = placed.map((p) => p.entry.context?.transits.includes(transit) ?? false);
      const a = placed.filter((_, i) => inTheme[i] && has[i]).length;
      const c = placed.filter((_, i) => !inTheme[i] && has[i]).length;
      const b = themed - a;
      const d = placed.length - themed - c;
      const frequency = a / themed;
      return {
        pattern_type: "transit_theme",
        subject: theme,
        group: transit,
        variant: transit,
        statistic: frequency,
        statistic_name: "theme_frequency",
        effect: frequency - c / (c + d),
        effect_name: "frequency_difference",
        p_value_raw: fisherExactGreater(a, b, c, d),
        test: "fisher_exact",
        data_points: themed,
        window,
        evidence: placed.filter((_, i) => inTheme[i] && has[i]).map((p) => p.entry.id),
        large_enough: frequency >= settings.min_frequency,
        confidence: () => frequency,
      };
    });
  });
}
