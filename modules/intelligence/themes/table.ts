/**
 * The default theme table: which values of the numerology, Human Design and astrology outputs point to which
 * life themes, with weights (1 a core trait of the value, smaller for a secondary one). Traditional
 * associations of each system, written as data so an operator can change them in `system_configurations`.
 */
type Weights = Record<string, number>;
interface Row {
  module: string;
  field: string;
  value: string | number | boolean;
  themes: Weights;
}

function scaled(themes: Weights, factor: number): Weights {
  return Object.fromEntries(Object.entries(themes).map(([theme, weight]) => [theme, Math.round(weight * factor * 100) / 100]));
}

function rows(module: string, field: string, factor: number, table: Record<string, Weights>): Row[] {
  return Object.entries(table).map(([value, themes]) => ({
    module,
    field,
    value: /^\d+$/.test(value) ? Number(value) : value,
    themes: scaled(themes, factor),
  }));
}

const NUMBERS: Record<string, Weights> = {
  1: { independence: 1, leadership: 0.8 },
  2: { harmony: 1, intuition: 0.5 },
  3: { creativity: 1, communication: 0.8 },
  4: { structure: 1 },
  5: { freedom: 1 },
  6: { service: 1, harmony: 0.6 },
  7: { introspection: 1, intuition: 0.6 },
  8: { ambition: 1, leadership: 0.6 },
  9: { service: 0.8, transformation: 0.4 },
  11: { intuition: 1, introspection: 0.5 },
  22: { structure: 0.8, ambition: 0.8 },
  33: { service: 1, creativity: 0.4 },
};

const SIGNS: Record<string, Weights> = {
  aries: { independence: 1, leadership: 0.6 },
  taurus: { structure: 0.8, vitality: 0.4 },
  gemini: { communication: 1, freedom: 0.4 },
  cancer: { emotional_depth: 1, service: 0.4 },
  leo: { creativity: 0.8, leadership: 0.8 },
  virgo: { service: 0.8, structure: 0.6 },
  libra: { harmony: 1 },
  scorpio: { transformation: 1, emotional_depth: 0.6 },
  sagittarius: { freedom: 1 },
  capricorn: { ambition: 1, structure: 0.6 },
  aquarius: { independence: 0.8, freedom: 0.5 },
  pisces: { intuition: 1, emotional_depth: 0.5 },
};

export const defaultThemeRules: Row[] = [
  ...rows("numerology", "life_path", 1, NUMBERS),
  ...rows("numerology", "expression", 0.7, NUMBERS),
  ...rows("numerology", "soul_urge", 0.5, NUMBERS),
  ...rows("human_design", "type", 1, {
    Manifestor: { independence: 1, leadership: 0.6 },
    Generator: { vitality: 1, structure: 0.3 },
    "Manifesting Generator": { vitality: 0.8, freedom: 0.6 },
    Projector: { leadership: 0.6, intuition: 0.5 },
    Reflector: { harmony: 0.6, introspection: 0.6 },
  }),
  ...rows("human_design", "authority", 0.8, {
    Emotional: { emotional_depth: 1 },
    Sacral: { vitality: 1 },
    Splenic: { intuition: 1 },
    "Ego Manifested": { ambition: 0.8, independence: 0.6 },
    "Ego Projected": { ambition: 0.8 },
    "Self-Projected": { communication: 0.7, introspection: 0.4 },
    Mental: { introspection: 1 },
    Lunar: { introspection: 0.6, harmony: 0.6 },
  }),
  ...rows("human_design", "defined_centers", 0.5, {
    throat: { communication: 1 },
    ajna: { introspection: 1 },
    head: { introspection: 0.6, creativity: 0.4 },
    solar_plexus: { emotional_depth: 1 },
    spleen: { intuition: 1 },
    heart: { ambition: 1 },
    g: { leadership: 0.6 },
    sacral: { vitality: 1 },
    root: { ambition: 0.5, structure: 0.5 },
  }),
  ...rows("astrology", "bodies.sun.sign", 1, SIGNS),
  ...rows("astrology", "bodies.moon.sign", 0.6, SIGNS),
  ...rows("astrology", "angles.ascendant.sign", 0.5, SIGNS),
  ...rows("astrology", "summary.dominant_element", 0.7, {
    fire: { vitality: 1, leadership: 0.5 },
    earth: { structure: 1 },
    air: { communication: 1 },
    water: { emotional_depth: 1, intuition: 0.4 },
  }),
  ...rows("astrology", "summary.dominant_modality", 0.5, {
    cardinal: { leadership: 1 },
    fixed: { structure: 1 },
    mutable: { freedom: 1 },
  }),
];

export const defaultHighlights: Record<string, string[]> = {
  astrology: ["bodies.sun.sign", "bodies.moon.sign", "angles.ascendant.sign", "summary.dominant_element"],
  human_design: ["type", "strategy", "authority", "profile", "incarnation_cross"],
  numerology: ["life_path", "expression", "soul_urge", "master_numbers"],
};
