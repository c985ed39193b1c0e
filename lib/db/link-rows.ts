/**
 * How links are stored: one row per ticket holding all of that ticket's links (schema v4),
 * found by ticket (the primary key) or by KR (`*krs`, a multiEntry index).
 *
 * Why one row per ticket rather than one record per link: Chromium's IndexedDB costs about
 * 0.1 ms per record written on a 2-core machine, whatever its size (measured in the service
 * worker: 20,000 link records took 1.6–2.3 s with no index and 2.2–3.0 s with the three v3
 * indexes; the same links as 5,000 ticket rows took 0.65–0.8 s with the KR index, and in 200
 * records 0.04–0.13 s). An import of the big store (20,000 links on 5,000 tickets) spent most
 * of its time there (README "Speed", #13).
 *
 * Readers and writers go through this module only, with links as the model shapes them
 * (`Link`, each carrying its ticket): the rows are a storage detail. Call inside a transaction
 * over `ticketLinks` (and whatever else the caller touches).
 *
 * Every function returns Dexie's own promise, chained with `then`, never a native `async`
 * function's: a transaction's zone follows Dexie promises, and a native promise awaited in a
 * caller's transaction lost it in the unit tests (PrematureCommitError on a later request).
 */
import { Dexie } from 'dexie';
import type { Link } from '../okr/model';
import type { LinkRow, LinkTables } from './tables';

/** `[ticket, keyResultId]`: a link's identity (a ticket links a KR at most once). */
export type LinkKey = [string, string];

const byKr = (a: Link, b: Link) =>
  a.keyResultId < b.keyResultId ? -1 : a.keyResultId > b.keyResultId ? 1 : 0;

/** The row holding `links` (all of one ticket's), sorted by KR id; none when it is empty. */
export function rowOf(ticket: string, links: readonly Link[]): LinkRow | undefined {
  if (links.length === 0) return undefined;
  const sorted = [...links].sort(byKr);
  return { ticket, krs: sorted.map((l) => l.keyResultId), links: sorted };
}

/** Group `links` by ticket into rows (a later link of the same ticket and KR wins). */
export function rowsOf(links: readonly Link[]): LinkRow[] {
  const byTicket = new Map<string, Map<string, Link>>();
  for (const l of links) {
    let m = byTicket.get(l.ticket);
    if (!m) byTicket.set(l.ticket, (m = new Map<string, Link>()));
    m.set(l.keyResultId, l);
  }
  return [...byTicket].map(([ticket, m]) => rowOf(ticket, [...m.values()])!);
}

const flat = (rows: readonly (LinkRow | undefined)[]): Link[] =>
  rows.flatMap((r) => r?.links ?? []);

const none = <T>(value: T): Promise<T> => Dexie.Promise.resolve(value);

/** Every stored link, by ticket then KR. */
export function allLinks(db: LinkTables): Promise<Link[]> {
  return db.ticketLinks.toArray().then(flat);
}

/** The links of these tickets. */
export function linksOfTickets(db: LinkTables, tickets: readonly string[]): Promise<Link[]> {
  if (tickets.length === 0) return none([]);
  return db.ticketLinks.bulkGet([...new Set(tickets)]).then(flat);
}

/** Above this many KRs, `linksOfKrs` reads every row once rather than the rows of each KR. */
const MANY_KRS = 8;

/**
 * The links of these KRs (and only those: a ticket's links of other KRs are left out). A few
 * KRs: one index request each (a row serving several comes once); many (Coverage, a cycle's
 * carry-over): the whole table in one request, as a row would otherwise be read once per KR
 * it serves (an `anyOf` walks a cursor, one callback per key).
 */
export function linksOfKrs(db: LinkTables, krIds: readonly string[]): Promise<Link[]> {
  if (krIds.length === 0) return none([]);
  const wanted = new Set(krIds);
  const rows: Promise<LinkRow[]> =
    wanted.size > MANY_KRS
      ? db.ticketLinks.toArray()
      : Dexie.Promise.all(
          [...wanted].map((id) => db.ticketLinks.where('krs').equals(id).toArray()),
        ).then((perKr) => [...new Map(perKr.flat().map((r) => [r.ticket, r])).values()]);
  return rows.then((r) => flat(r).filter((l) => wanted.has(l.keyResultId)));
}

/** `[ticket, keyResultId]` of every link of these KRs. */
export function linkKeysOfKrs(db: LinkTables, krIds: readonly string[]): Promise<LinkKey[]> {
  return linksOfKrs(db, krIds).then((links) =>
    links.map((l): LinkKey => [l.ticket, l.keyResultId]),
  );
}

/** The linked tickets whose key starts with `prefix`, in key order (at most `limit`). */
export function linkedTicketsStartingWith(
  db: LinkTables,
  prefix: string,
  limit: number,
): Promise<string[]> {
  return db.ticketLinks.where('ticket').startsWith(prefix).limit(limit).primaryKeys();
}

/** The stored link of each `[ticket, keyResultId]`, or undefined. */
export function getLinks(db: LinkTables, keys: readonly LinkKey[]): Promise<(Link | undefined)[]> {
  const tickets = [...new Set(keys.map(([t]) => t))];
  return db.ticketLinks.bulkGet(tickets).then((rows) => {
    const byTicket = new Map(tickets.map((t, i) => [t, rows[i]]));
    return keys.map(([t, kr]) => byTicket.get(t)?.links.find((l) => l.keyResultId === kr));
  });
}

/**
 * Apply to the stored rows: `put` links (replacing a stored link of the same ticket and KR)
 * and `remove` `[ticket, keyResultId]` pairs. Touches only the rows of the tickets named;
 * a row left with no link is deleted. Returns how many stored links were removed.
 */
export function writeLinks(
  db: LinkTables,
  change: { put?: readonly Link[]; remove?: readonly LinkKey[] },
): Promise<number> {
  const put = change.put ?? [];
  const remove = change.remove ?? [];
  const tickets = [...new Set([...put.map((l) => l.ticket), ...remove.map(([t]) => t)])];
  if (tickets.length === 0) return none(0);
  return db.ticketLinks.bulkGet(tickets).then((stored) => {
    const byTicket = new Map(
      tickets.map((t, i) => [t, new Map((stored[i]?.links ?? []).map((l) => [l.keyResultId, l]))]),
    );
    let removed = 0;
    for (const [t, kr] of remove) if (byTicket.get(t)!.delete(kr)) removed++;
    for (const l of put) byTicket.get(l.ticket)!.set(l.keyResultId, l);
    const puts: LinkRow[] = [];
    const deletes: string[] = [];
    tickets.forEach((t, i) => {
      const row = rowOf(t, [...byTicket.get(t)!.values()]);
      if (row) puts.push(row);
      else if (stored[i]) deletes.push(t);
    });
    return db.ticketLinks
      .bulkPut(puts)
      .then(() => db.ticketLinks.bulkDelete(deletes))
      .then(() => removed);
  });
}

/** Remove every link of these KRs; returns how many were removed. */
export function deleteLinksOfKrs(db: LinkTables, krIds: readonly string[]): Promise<number> {
  return linksOfKrs(db, krIds).then((links) =>
    writeLinks(db, { remove: links.map((l): LinkKey => [l.ticket, l.keyResultId]) }),
  );
}
