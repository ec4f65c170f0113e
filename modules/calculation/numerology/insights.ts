import type { KarmicDebtNumber, NumerologyData, Position } from "./schemas.ts";

/** Keynotes of each number, in the project's own words. */
const KEYNOTES: Readonly<Record<number, string>> = {
  1: "independence, initiative and leadership",
  2: "cooperation, tact and partnership",
  3: "self-expression, creativity and sociability",
  4: "order, steady work and solid foundations",
  5: "freedom, change and varied experience",
  6: "responsibility, care and service to family and community",
  7: "analysis, reflection and the search for truth",
  8: "ambition, authority and material achievement",
  9: "compassion, generosity and completion",
  11: "intuition and inspiration (master number, a heightened 2)",
  22: "large-scale practical vision (master number, a heightened 4)",
  33: "teaching and healing through service (master number, a heightened 6)",
};

const ROLES: Readonly<Record<Position, string>> = {
  life_path: "Life path {n}: the main lesson of the life is {k}.",
  expression: "Expression {n}: natural talents lean towards {k}.",
  soul_urge: "Soul urge {n}: the inner motivation is {k}.",
  personality: "Personality {n}: others first see {k}.",
  birthday: "Birthday {n}: a particular gift for {k}.",
  maturity: "Maturity {n}: from mid-life the focus turns to {k}.",
};

const KARMIC_DEBTS: Readonly<Record<KarmicDebtNumber, string>> = {
  13: "13/4, a lesson in persistent work over shortcuts",
  14: "14/5, a lesson in moderation and using freedom well",
  16: "16/7, a lesson in humility after the fall of the ego's constructions",
  19: "19/1, a lesson in independence without selfishness",
};

const PERSONAL_YEARS: Readonly<Record<number, string>> = {
  1: "new beginnings and planting seeds",
  2: "patience, partnership and quiet growth",
  3: "expression, social life and creativity",
  4: "work, discipline and building",
  5: "change, travel and freedom",
  6: "home, family and responsibility",
  7: "study, rest and inner work",
  8: "achievement, money and recognition",
  9: "completion, release and clearing space",
};

const POSITION_LABELS: Readonly<Record<Position, string>> = {
  life_path: "life path",
  expression: "expression",
  soul_urge: "soul urge",
  personality: "personality",
  birthday: "birthday",
  maturity: "maturity",
};

/** Keynote of a number; configured master numbers beyond 33 are read as their reduced digit, intensified. */
function keynote(n: number): string {
  const known = KEYNOTES[n];
  if (known !== undefined) return known;
  const root = n % 9 === 0 ? 9 : n % 9;
  return `${KEYNOTES[root] ?? ""} (master number ${n}, a heightened ${root})`;
}

/**
 * Deterministic insight sentences for a chart: one per core number, one per karmic debt, then the personal
 * year. The same data always gives the same sentences in the same order.
 */
export function numerologyInsights(data: NumerologyData): string[] {
  const positions: Position[] = ["life_path", "expression", "soul_urge", "personality", "birthday", "maturity"];
  const sentences = positions
    .filter((position) => data[position] > 0)
    .map((position) =>
      ROLES[position].replace("{n}", String(data[position])).replace("{k}", keynote(data[position])),
    );
  for (const debt of data.karmic_debt_positions) {
    sentences.push(`Karmic debt in the ${POSITION_LABELS[debt.position]}: ${KARMIC_DEBTS[debt.number]}.`);
  }
  const year = data.personal_year;
  sentences.push(`Personal year ${year.number} in ${year.year}: a year of ${PERSONAL_YEARS[year.number] ?? ""}.`);
  return sentences;
}
