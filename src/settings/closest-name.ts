/** Levenshtein distance: the fewest single-character edits between two names. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const kept = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length] as number;
}

/** The known names a mistyped one may have meant, nearest first: those within a third of its length in edits, the nearest `count`. */
export function closestNames(typed: string, known: readonly string[], count: number): string[] {
  const within = Math.max(1, Math.floor(typed.length / 3));
  return (
    known
      // The lengths alone bound the edits from below: a name too short or too long is not measured.
      .filter((name) => Math.abs(name.length - typed.length) <= within)
      .map((name) => ({ name, d: distance(typed, name) }))
      .filter(({ d }) => d <= within)
      .sort((a, b) => a.d - b.d)
      .slice(0, count)
      .map(({ name }) => name)
  );
}

/** The known name a mistyped one most likely meant: the one with the fewest edits, when it is close. */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  return closestNames(typed, known, 1)[0];
}
