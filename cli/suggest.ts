/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short names. */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The known name closest to a mistyped one, when it is close enough to be what was meant: at most a third
 * of its letters wrong (so `lunr` → `lunar`, `clac` → `calc`), or a prefix of it (`human` → `human_design`).
 */
export function closest(input: string, known: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of known) {
    const score = name.startsWith(typed) && typed.length >= 3 ? 0.5 : distance(typed, name.toLowerCase());
    if (best === undefined || score < best.score) best = { name, score };
  }
  return best !== undefined && best.score <= Math.max(1, Math.floor(Math.max(typed.length, best.name.length) / 3)) ? best.name : undefined;
}

/**
 * `unknown <what> "<input>"; did you mean "<x>"? (known: a, b, c)`, or, with nothing close, `did you mean
 * one of: a, b, c?`: the same sentence for every kind of name.
 */
export function unknownName(what: string, input: string, known: readonly string[]): string {
  const guess = closest(input, known);
  return guess !== undefined
    ? `unknown ${what} "${input}"; did you mean "${guess}"? (known: ${known.join(", ")})`
    : `unknown ${what} "${input}"; did you mean one of: ${known.join(", ")}?`;
}
