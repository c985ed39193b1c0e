/**
 * Per-KR aggregates kept in the store (lib/okr/kr-stats.ts says what they hold), brought up
 * to date by the writers themselves inside the transaction that changes links or tickets, so
 * a write and its counts commit or fail together. Every writer of links or tickets calls one
 * of these (test/unit/kr-stats.test.ts drives each writer and compares the rows with a count
 * from the records, so a writer that skips it fails there):
 * - `recountKrs`: the rows of some KRs counted again from the records (a link added or
 *   removed, a ticket moved in the hierarchy, an import, a carry-over);
 * - `ticketsRecorded`: what rewritten tickets move (a state into or out of done is a delta on
 *   the KRs the ticket serves; a new parent recounts the KRs of both chains).
 * Call inside a read-write transaction over the link rows (ticketLinks, krLinks), tickets and
 * krStats.
 */
import { bucketOf } from '../okr/coverage';
import { countKrs } from '../okr/kr-stats';
import type { KrStats } from '../okr/kr-stats';
import type { Link, Ticket } from '../okr/model';
import type { StatsTables } from './tables';
import { ancestorChains, descendantsOf } from './hierarchy';
import { allLinks, linkKeysOfKrs, linksOfTickets } from './link-rows';
import type { LinkKey } from './link-rows';

/** How many tickets below the linked ones a count reads (work hierarchy). */
export const VIA_LIMIT = 2_000;

const keyOf = (l: Link): LinkKey => [l.ticket, l.keyResultId];
const byKey = (keys: readonly string[], records: readonly (Ticket | undefined)[]) =>
  new Map(keys.flatMap((k, i) => (records[i] ? [[k, records[i]] as const] : [])));

/**
 * Count the rows of `ids` from their links and the tickets, and store them. `all`: every
 * ticket record by key, when the caller read them whole; else they are read by key.
 */
async function count(
  db: StatsTables,
  ids: readonly string[],
  linkKeys: readonly LinkKey[],
  all?: ReadonlyMap<string, Ticket>,
): Promise<void> {
  const direct = [...new Set(linkKeys.map(([ticket]) => ticket))];
  const below = await descendantsOf(db, direct, VIA_LIMIT, true);
  const keys = [...direct, ...below];
  const known = all ?? byKey(keys, await db.tickets.bulkGet(keys));
  const rows = countKrs(ids, linkKeys, below, (k) => known.get(k));
  const krs = await db.keyResults.bulkGet([...ids]);
  await db.krStats.bulkPut(rows.filter((_, i) => krs[i] !== undefined));
  const gone = ids.filter((_, i) => krs[i] === undefined);
  if (gone.length > 0) await db.krStats.bulkDelete(gone);
}

/** Count the rows of `krIds` again from the links and tickets, and store them. */
export async function recountKrs(db: StatsTables, krIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(krIds)];
  if (ids.length === 0) return;
  await count(db, ids, await linkKeysOfKrs(db, ids));
}

/** Every stored link and every ticket record by key, as the caller knows them. */
export interface KnownRecords {
  links: readonly Link[];
  tickets: ReadonlyMap<string, Ticket>;
}

/**
 * Every row counted again (the schema upgrade, an import, a clear): the links and tickets are
 * read whole, one request each, rather than key by key, unless the caller already holds all
 * of them (`known`: an import that read or wrote the whole of both tables).
 */
export async function recountAll(db: StatsTables, known?: KnownRecords): Promise<void> {
  await db.krStats.clear();
  const ids = await db.keyResults.toCollection().primaryKeys();
  if (ids.length === 0) return;
  const { links, tickets }: KnownRecords =
    known ??
    (await Promise.all([allLinks(db), db.tickets.toArray()]).then(([l, t]) => ({
      links: l,
      tickets: new Map(t.map((x) => [x.key, x])),
    })));
  await count(db, ids, links.map(keyOf), tickets);
}

/** For each of `keys`, the KRs it serves: its own links' and its ancestors'. */
async function krsServedBy(
  db: StatsTables,
  keys: readonly string[],
): Promise<Map<string, Set<string>>> {
  const chains = await ancestorChains(db, keys);
  const all = [...new Set([...keys, ...[...chains.values()].flat()])];
  const linkKeys = (await linksOfTickets(db, all)).map(keyOf);
  const krsOf = new Map<string, string[]>();
  for (const [ticket, krId] of linkKeys) krsOf.set(ticket, [...(krsOf.get(ticket) ?? []), krId]);
  return new Map(
    keys.map((k) => [k, new Set([k, ...(chains.get(k) ?? [])].flatMap((t) => krsOf.get(t) ?? []))]),
  );
}

/** A ticket record before (undefined: new) and after a write. */
export interface TicketChange {
  old: Ticket | undefined;
  new: Ticket;
}

const isDone = (t: Ticket | undefined) => bucketOf(t?.state) === 'done';

/**
 * After tickets were written (the links as they are now): a ticket whose state went into or
 * out of done moves the `done` count of every KR it serves by one; a ticket with a new parent
 * (or none any more) changes what its subtree serves, so the KRs of its old and new chains
 * are counted again.
 */
export async function ticketsRecorded(
  db: StatsTables,
  written: readonly TicketChange[],
): Promise<void> {
  // One change per ticket: from its first state before to its last after.
  const byKey = new Map<string, TicketChange>();
  for (const c of written)
    byKey.set(c.new.key, { old: byKey.get(c.new.key)?.old ?? c.old, new: c.new });
  const changes = [...byKey.values()];
  const moved = changes.filter(
    (c) => c.old?.parent === c.new.parent && isDone(c.old) !== isDone(c.new),
  );
  const reparented = changes.filter((c) => c.old?.parent !== c.new.parent);
  if (moved.length === 0 && reparented.length === 0) return;
  const served = await krsServedBy(db, [
    ...new Set([
      ...changes.map((c) => c.new.key),
      ...reparented.flatMap((c) => (c.old?.parent ? [c.old.parent] : [])),
    ]),
  ]);
  const delta = new Map<string, number>();
  for (const c of moved)
    for (const kr of served.get(c.new.key) ?? [])
      delta.set(kr, (delta.get(kr) ?? 0) + (isDone(c.new) ? 1 : -1));
  const recount = new Set<string>();
  for (const c of reparented) {
    for (const kr of served.get(c.new.key) ?? []) recount.add(kr);
    for (const kr of (c.old?.parent && served.get(c.old.parent)) || []) recount.add(kr);
  }
  const deltaIds = [...delta.keys()].filter((id) => !recount.has(id));
  const rows = await db.krStats.bulkGet(deltaIds);
  const writes = rows.flatMap((row, i): KrStats[] =>
    row ? [{ ...row, done: row.done + delta.get(deltaIds[i]!)! }] : [],
  );
  if (writes.length > 0) await db.krStats.bulkPut(writes);
  // A KR without a row (never counted: it has no links) gains nothing from a delta; recount.
  rows.forEach((row, i) => row || recount.add(deltaIds[i]!));
  await recountKrs(db, recount);
}
