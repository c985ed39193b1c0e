/** Small record helpers shared by the store, the importers and the views. Pure. */

/** A copy without the keys whose value is `undefined` (stored and exported records omit them). */
export function compact<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** The items grouped by `keyOf`, each group in input order. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Strings in code-unit order (not the locale's): for stable, deterministic sorts. */
export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
