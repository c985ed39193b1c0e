/**
 * Fuzzy ranking of key results for the picker (fuse.js): by code first, then title, then the
 * objective's title. Pure; an empty query keeps the order given (by code).
 */
import Fuse from 'fuse.js/basic';

export interface Searchable {
  code: string;
  title: string;
  objectiveTitle: string;
}

export function rankKeyResults<T extends Searchable>(items: readonly T[], query: string): T[] {
  const q = query.trim();
  if (q === '') return [...items];
  // An exact code (case-insensitive) always comes first: "kr1.2" means KR1.2.
  const exact = items.filter((i) => i.code.toLowerCase() === q.toLowerCase());
  const fuse = new Fuse(items, {
    keys: [
      { name: 'code', weight: 3 },
      { name: 'title', weight: 2 },
      { name: 'objectiveTitle', weight: 1 },
    ],
    // 0.4 let "refer" match three unrelated KRs and "kr2" every KR; 0.3 keeps typos
    // ("referal", "lifecylce") and drops the noise (test/unit/overlay-search.test.ts).
    threshold: 0.3,
    ignoreLocation: true,
  });
  const ranked = fuse.search(q).map((r) => r.item);
  return [...exact, ...ranked.filter((i) => !exact.includes(i))];
}
