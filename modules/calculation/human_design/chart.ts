import { CENTER_NAMES, connectedGroups, definedCenters, definedChannels, definitionOf } from "./bodygraph.ts";
import { authorityOf, TYPE_THEMES, typeOf } from "./classification.ts";
import { crossLabel, incarnationCrossOf, profileName, profileOf } from "./profile.ts";
import type { Activation, HumanDesignData } from "./schemas.ts";

/** The part of a chart that follows from the 26 activations alone, with no ephemeris. */
export type ChartClassification = Pick<
  HumanDesignData,
  | "type"
  | "strategy"
  | "signature"
  | "not_self_theme"
  | "authority"
  | "profile"
  | "profile_name"
  | "definition"
  | "incarnation_cross"
  | "incarnation_cross_detail"
  | "defined_centers"
  | "undefined_centers"
  | "channels"
  | "gates"
>;

/** Only the fields classification reads, so synthetic charts can be written as gates and lines. */
export type ActivationInput = Pick<Activation, "body" | "gate" | "line">;

function sunAndEarth(activations: readonly ActivationInput[], side: string): [ActivationInput, ActivationInput] {
  const sun = activations.find((activation) => activation.body === "sun");
  const earth = activations.find((activation) => activation.body === "earth");
  if (sun === undefined || earth === undefined) throw new RangeError(`the ${side} side needs a sun and an earth activation`);
  return [sun, earth];
}

/**
 * Classifies a bodygraph from its personality (birth) and design activations: channels, centres,
 * definition, type, authority, strategy, profile and incarnation cross.
 */
export function classifyChart(personality: readonly ActivationInput[], design: readonly ActivationInput[]): ChartClassification {
  const gates = new Set([...personality, ...design].map((activation) => activation.gate));
  const channels = definedChannels(gates);
  const defined = definedCenters(channels);
  const groups = connectedGroups(channels);
  const type = typeOf(groups);
  const [personalitySun, personalityEarth] = sunAndEarth(personality, "personality");
  const [designSun, designEarth] = sunAndEarth(design, "design");
  const profile = profileOf(personalitySun.line, designSun.line);
  const cross = incarnationCrossOf(
    {
      personality_sun: personalitySun.gate,
      personality_earth: personalityEarth.gate,
      design_sun: designSun.gate,
      design_earth: designEarth.gate,
    },
    profile,
  );
  return {
    type,
    ...TYPE_THEMES[type],
    authority: authorityOf(groups),
    profile,
    profile_name: profileName(profile),
    definition: definitionOf(groups),
    incarnation_cross: crossLabel(cross),
    incarnation_cross_detail: cross,
    defined_centers: defined,
    undefined_centers: CENTER_NAMES.filter((center) => !defined.includes(center)),
    channels: channels.map((channel) => channel.label),
    gates: [...gates].sort((a, b) => a - b),
  };
}
