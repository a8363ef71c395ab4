// "Did you mean": the closest candidate by edit distance, if it is close enough.

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + cost);
      diag = above;
    }
  }
  return prev[b.length];
}

/** The candidate nearest to `word`, when at most a third of it differs. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** " Did you mean 'x'?" or "", for appending to a message. */
export function didYouMean(word: string, candidates: Iterable<string>): { hint: string; match?: string } {
  const match = closest(word, candidates);
  return match ? { hint: ` Did you mean '${match}'?`, match } : { hint: "" };
}
