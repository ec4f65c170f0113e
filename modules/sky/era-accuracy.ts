/**
 * What the ephemeris promises for an instant, measured against Swiss Ephemeris 2.10.03 with its DE431-based
 * files (`bun run accuracy`, README "Accuracy"). Arcminute accuracy is promised for 1800–2100 only; outside it a
 * chart carries a note saying how far off it may be.
 *
 * @returns a note for dates outside 1800–2100 (UT year of the instant), or null inside.
 */
export function eraAccuracyNote(at: Date): string | null {
  const year = at.getUTCFullYear();
  if (year >= 1800 && year < 2100) return null;
  if (year < 1500) {
    return `Dates before 1500 are outside the measured range: the ephemeris drifts (the Moon by up to 10′), so positions may be off by several arcminutes.`;
  }
  if (year < 1550) {
    return `Accuracy before 1550 (measured against Swiss Ephemeris): Pluto within 1.6′ (up to 1.8′ before 1530), the Moon and the true node within 0.6′, other bodies within 0.5′.`;
  }
  if (year < 1800) {
    return `Accuracy before 1800 (measured against Swiss Ephemeris): Pluto and the Moon within 0.9′, the true node within 0.6′, other bodies within 0.5′; ΔT, and so the Moon and the angles, is less certain before 1800.`;
  }
  if (year < 2200) {
    return `Accuracy after 2100 (measured against Swiss Ephemeris): Pluto within 0.5′, the true node within 0.4′, other bodies within 0.3′; ΔT is extrapolated, so the real Moon and angles may differ by more.`;
  }
  return `Dates after 2200 are outside the measured range: ΔT is extrapolated and positions may be off by several arcminutes.`;
}
