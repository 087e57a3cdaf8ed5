// "did you mean …?" for a misspelt pod, node or interface name: the known names closest by
// edit distance (Damerau: a swapped pair of letters counts once), or those that contain what
// was typed (a pod's unique suffix like r6bx9 names it as well as its full name does); only the
// best-scoring ones, so a near miss is not drowned among merely similar names.

export function damerau(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Up to `max` names nearest to `typed`; none when nothing is reasonably close. */
export function nearest(typed: string, names: readonly string[], max = 3): string[] {
  if (typed === '') return [];
  const t = typed.toLowerCase();
  const scored = [...new Set(names)].map((n) => {
    const l = n.toLowerCase();
    const dist = l.includes(t) && t.length >= 3 ? 0.5 : damerau(t, l);
    return { n, dist };
  });
  const limit = Math.max(2, Math.floor(t.length / 3));
  const best = Math.min(...scored.map((s) => s.dist));
  return scored
    .filter((s) => s.dist <= limit && s.dist <= Math.max(best, 0.5))
    .sort((a, b) => a.dist - b.dist || (a.n < b.n ? -1 : 1))
    .slice(0, max)
    .map((s) => s.n);
}

/** `; did you mean a?` / `; did you mean a or b?`, or '' when nothing is close. */
export function didYouMean(typed: string, names: readonly string[]): string {
  const near = nearest(typed, names);
  if (near.length === 0) return '';
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]}`;
  return `did you mean ${list}?`;
}
