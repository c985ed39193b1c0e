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

/** Above this many keys, the parent index is read whole and walked in memory. */
const MANY_PARENTS = 64;

/**
 * The children of every parent, from the parent index read whole in two requests (its keys
 * and their tickets' keys, in the same order): for many parents, an `anyOf` walks a cursor
 * with one callback per key. The lookup is synchronous (an await of a promise that is not
 * Dexie's would lose the transaction).
 */
async function childIndex(db: Pick<StatsTables, 'tickets'>): Promise<(of: string[]) => string[]> {
  const index = db.tickets.orderBy('parent');
  const [parents, children] = await Promise.all([index.keys(), index.primaryKeys()]);
  const childrenOf = new Map<string, string[]>();
  parents.forEach((p, i) => {
    if (typeof p !== 'string') return; // a parent is a ticket key
    const list = childrenOf.get(p);
    if (list) list.push(children[i]!);
    else childrenOf.set(p, [children[i]!]);
  });
  return (of) => of.flatMap((p) => childrenOf.get(p) ?? []);
}

/**
 * The tickets below `keys` (children, their children… MAX_ANCESTORS levels down), at most
 * `limit` of them. `keys` themselves are left out, unless `withKeys`: then one of them found
 * under another is counted too (a ticket linked to one KR serves its parent's other KRs).
 */
export async function descendantsOf(
  db: Pick<StatsTables, 'tickets'>,
  keys: readonly string[],
  limit: number,
  withKeys = false,
): Promise<string[]> {
  const inMemory = keys.length > MANY_PARENTS ? await childIndex(db) : undefined;
  const given = new Set(keys);
  const found = new Set<string>();
  const expanded = new Set(keys);
  let frontier = [...expanded];
  for (let level = 0; level < MAX_ANCESTORS && frontier.length > 0; level++) {
    const next: string[] = [];
    const children = inMemory
      ? inMemory(frontier)
      : await db.tickets.where('parent').anyOf(frontier).primaryKeys();
    for (const c of children) {
      if (found.has(c) || (!withKeys && given.has(c))) continue; // a loop, or found already
      if (found.size >= limit) return [...found];
      found.add(c);
      if (!expanded.has(c)) next.push(c);
      expanded.add(c);
    }
    frontier = next;
  }
  return [...found];
}
