import type { Hypothesis } from "../hypotheses/schemas.ts";
import { fieldAt, valuesAt } from "./fields.ts";
import { type ModuleResult, ModuleResultSchema, type SynthesisCore, type Theme, type ThemesConfig } from "./schemas.ts";

/**
 * Cross-system themes: every table row whose module field has its value adds its weights to its themes; a theme
 * is kept only when at least `min_systems` different modules support it. Sorted by weight, then name.
 */
export function themesOf(results: readonly ModuleResult[], config: ThemesConfig): Theme[] {
  const byTheme = new Map<string, Theme["supported_by"]>();
  for (const raw of results) {
    const result = ModuleResultSchema.parse(raw);
    for (const rule of config.rules) {
      if (rule.module !== result.module || !valuesAt(result.data, rule.field).includes(rule.value)) continue;
      for (const [theme, weight] of Object.entries(rule.themes)) {
        byTheme.set(theme, [...(byTheme.get(theme) ?? []), { module: rule.module, field: rule.field, value: rule.value, weight }]);
      }
    }
  }
  return [...byTheme]
    .map(([name, support]) => ({
      name,
      weight: Math.round(support.reduce((sum, s) => sum + s.weight, 0) * 1000) / 1000,
      systems: new Set(support.map((s) => s.module)).size,
      supported_by: support,
    }))
    .filter((theme) => theme.systems >= config.min_systems)
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
}

/** Per module, its configured highlight fields (one value, or the list for an array field) and first insights. */
export function highlightsOf(results: readonly ModuleResult[], config: ThemesConfig): SynthesisCore["highlights"] {
  return Object.fromEntries(
    results.map((raw) => {
      const result = ModuleResultSchema.parse(raw);
      const fields = (config.highlights[result.module] ?? []).flatMap((field) => {
        const value = fieldAt(result.data, field);
        return value === undefined ? [] : [{ field, value }];
      });
      return [result.module, { fields, insights: result.insights.slice(0, config.highlight_insights) }];
    }),
  );
}

/**
 * The structured part of a person's synthesis (DESIGN.md §12): cross-system themes, highlights per module,
 * coverage of the registered modules, and the person's confirmed hypotheses. Pure: the runtime passes the
 * stored module outputs, the registered module names and the person's hypotheses.
 */
export function synthesize(
  input: { results: readonly ModuleResult[]; registered: readonly string[]; hypotheses?: readonly Hypothesis[] },
  config: ThemesConfig,
): SynthesisCore {
  const done = input.registered.filter((name) => input.results.some((r) => r.module === name));
  const registered = input.registered.length;
  return {
    themes: themesOf(input.results, config),
    highlights: highlightsOf(input.results, config),
    coverage: {
      done,
      pending: input.registered.filter((name) => !done.includes(name)),
      registered,
      ratio: registered === 0 ? 0 : done.length / registered,
      confidence: registered === 0 ? 0.5 : Math.min(0.95, (0.95 * done.length) / registered),
    },
    confirmed_hypotheses: (input.hypotheses ?? [])
      .filter((h) => h.status === "confirmed")
      .map((h) => ({ id: h.id, claim: h.claim, confidence: h.confidence })),
  };
}
