import { firstDifferingLevel, flagCovers } from "../../modules/calculation/human_design/boundary.ts";
import type { Activation, ActivationBody } from "../../modules/calculation/human_design/schemas.ts";
import { wheelPosition } from "../../modules/calculation/human_design/wheel.ts";

const LEVELS = ["line", "color", "tone", "base"] as const;

/** Tallies of Human Design values against Swiss Ephemeris: how many differ, and how many differ unflagged. */
export class FlagTally {
  activations = 0;
  /** Activations whose value differs from Swiss Ephemeris at each level (gate/line, colour, tone, base). */
  readonly differs: Record<(typeof LEVELS)[number], number> = { line: 0, color: 0, tone: 0, base: 0 };
  /** Of those, the ones whose near_boundary flag does not cover the difference. */
  readonly unflagged: Record<(typeof LEVELS)[number], number> = { line: 0, color: 0, tone: 0, base: 0 };
  readonly flags: Record<string, number> = { null: 0, line: 0, color: 0, tone: 0, base: 0 };

  /** Counts one side of one chart: our activations against Swiss Ephemeris longitudes. */
  add(ours: readonly Activation[], theirs: Record<ActivationBody, number>): void {
    for (const activation of ours) {
      this.activations++;
      this.flags[String(activation.near_boundary)] = (this.flags[String(activation.near_boundary)] ?? 0) + 1;
      const reference = wheelPosition(theirs[activation.body]);
      // A value "differs at level L" when it or anything coarser differs: a different line is also a different base.
      const first = firstDifferingLevel(activation, reference);
      if (first === null) continue;
      for (const level of LEVELS.slice(LEVELS.indexOf(first))) {
        this.differs[level]++;
        if (!flagCovers(activation.near_boundary, level)) this.unflagged[level]++;
      }
    }
  }
}
export { LEVELS };
