/**
 * The candidates closest to what was typed, for "did you mean": those it is a prefix of come first
 * (`sec` → `secrets`, `secret-policies`), then the nearest by edit distance, within a distance that
 * grows with the length of the word.
 */
export function suggestions(typed: string, candidates: readonly string[], max = 3): string[] {
  const unique = [...new Set(candidates)].filter((candidate) => candidate !== typed);
  const prefixed = unique.filter((candidate) => candidate.startsWith(typed)).sort((a, b) => a.length - b.length || a.localeCompare(b));
  if (typed.length >= 2 && prefixed.length > 0) return prefixed.slice(0, max);
  const limit = Math.max(2, Math.floor(typed.length / 4));
  const scored = unique
    .map((candidate) => ({ candidate, distance: editDistance(typed, candidate) }))
    .filter(({ distance }) => distance <= limit);
  if (scored.length === 0) return [];
  const best = Math.min(...scored.map(({ distance }) => distance));
  return scored
    .filter(({ distance }) => distance === best)
    .map(({ candidate }) => candidate)
    .sort()
    .slice(0, max);
}

/** The single closest candidate, or undefined when none is close. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  return suggestions(typed, candidates, 1)[0];
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
