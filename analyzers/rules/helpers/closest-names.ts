/** "Did you mean …": the names a misspelt one is probably a typo of (KPA305 plugin names, KPA312 settings keys). */
import { editDistance } from '../../edit-distance.js';

/** The closest candidates within a distance that still reads as a typo (about a third of the name). */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, c);
    if (d <= limit) scored.push([c, d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, max)
    .map(([c]) => c);
}
