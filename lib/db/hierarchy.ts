/**
 * The work hierarchy in the store: tickets know their parent (`tickets.parent`, indexed), so a
 * ticket's ancestors are read up the chain and a linked ticket's descendants down it, one
 * query per level whatever the number of tickets (README "Work hierarchy"; the rule itself is
 * lib/okr/hierarchy.ts). Call inside a transaction over tickets.
 */
import { MAX_ANCESTORS, ancestorsOf } from '../okr/hierarchy';
import type { StatsTables } from './tables';

/**
 * Each key's ancestors, nearest first (keys without any are left out), reading the chain
 * level by level: MAX_ANCESTORS bulk reads at most.
 */
export async function ancestorChains(
  db: Pick<StatsTables, 'tickets'>,
  keys: readonly string[],
): Promise<Map<string, string[]>> {
  const parentOf = new Map<string, string | undefined>();
  let toRead = [...new Set(keys)];
  for (let level = 0; level < MAX_ANCESTORS && toRead.length > 0; level++) {
    const records = await db.tickets.bulkGet(toRead);
    const next = new Set<string>();
    toRead.forEach((k, i) => {
      const parent = records[i]?.parent;
      parentOf.set(k, parent);
      if (parent !== undefined && !parentOf.has(parent)) next.add(parent);
    });
    toRead = [...next];
  }
  const chains = new Map<string, string[]>();
  for (const k of keys) {
    const chain = ancestorsOf(k, (x) => parentOf.get(x));
    if (chain.length > 0) chains.set(k, chain);
  }
  return chains;
}

/**
 * The tickets below `keys` (children, their children… MAX_ANCESTORS levels down), at most
 * `limit` of them, `keys` themselves left out.
 */
export async function descendantsOf(
  db: Pick<StatsTables, 'tickets'>,
  keys: readonly string[],
  limit: number,
): Promise<string[]> {
  const found = new Set<string>();
  const known = new Set(keys);
  let frontier = [...known];
  for (let level = 0; level < MAX_ANCESTORS && frontier.length > 0; level++) {
    const children = await db.tickets.where('parent').anyOf(frontier).primaryKeys();
    frontier = [];
    for (const c of children) {
      if (known.has(c)) continue; // a loop, or already found
      if (found.size >= limit) return [...found];
      known.add(c);
      found.add(c);
      frontier.push(c);
    }
  }
  return [...found];
}
