/**
 * How links are stored (schema v4): one row per ticket holding all of that ticket's links
 * (`ticketLinks`, by ticket), and one row per KR listing its linked tickets (`krLinks`, by
 * KR), which every write here keeps in step with the ticket rows.
 *
 * Why rows rather than one record per link: Chromium's IndexedDB costs about 0.1 ms per
 * record written on a 2-core machine, whatever its size, and an index entry costs too
 * (measured in the service worker, 20,000 links on 5,000 tickets: a record per link 1.6–2.3 s
 * with no index and 2.2–3.0 s with v3's three; 5,000 ticket rows with a multiEntry KR index
 * 0.65–0.8 s, without it 0.43–0.54 s; the same links in 200 records 0.04–0.13 s). The KR rows
 * cost 100 records where the index cost 20,000 entries. The import of the big store spent most
 * of its time there (README "Speed", #13).
 *
 * Readers and writers go through this module only, with links as the model shapes them
 * (`Link`, each carrying its ticket): the rows are a storage detail. Call inside a transaction
 * over `ticketLinks` and `krLinks` (and whatever else the caller touches).
 *
 * Every function returns Dexie's own promise, chained with `then`, never a native `async`
 * function's: a transaction's zone follows Dexie promises, and a native promise awaited in a
 * caller's transaction lost it in the unit tests (PrematureCommitError on a later request).
 */
import { Dexie } from 'dexie';
import type { Link } from '../okr/model';
import { byString } from '../okr/objects';
import type { KrLinksRow, LinkRow, LinkTables } from './tables';

/** `[ticket, keyResultId]`: a link's identity (a ticket links a KR at most once). */
export type LinkKey = [string, string];

const byKr = (a: Link, b: Link) => byString(a.keyResultId, b.keyResultId);

/** The tables links are stored in: a transaction reading or writing links names these. */
export const linkTables = (db: LinkTables) => [db.ticketLinks, db.krLinks];

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

/** `[ticket, keyResultId]` of every link of these KRs, from their KR rows. */
export function linkKeysOfKrs(db: LinkTables, krIds: readonly string[]): Promise<LinkKey[]> {
  if (krIds.length === 0) return none([]);
  const ids = [...new Set(krIds)];
  return db.krLinks
    .bulkGet(ids)
    .then((rows) => ids.flatMap((id, i) => (rows[i]?.tickets ?? []).map((t): LinkKey => [t, id])));
}

/**
 * The links of these KRs (and only those: a ticket's links of other KRs are left out). A few
 * KRs: their tickets' rows; many (Coverage, the team sync's cycle): every row in one request.
 */
export function linksOfKrs(db: LinkTables, krIds: readonly string[]): Promise<Link[]> {
  if (krIds.length === 0) return none([]);
  const wanted = new Set(krIds);
  const rows: Promise<(LinkRow | undefined)[]> =
    wanted.size > MANY_KRS
      ? db.ticketLinks.toArray()
      : linkKeysOfKrs(db, [...wanted]).then((keys) =>
          db.ticketLinks.bulkGet([...new Set(keys.map(([t]) => t))]),
        );
  return rows.then((r) => flat(r).filter((l) => wanted.has(l.keyResultId)));
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

/** A ticket's row as stored (`before`) and as it is to be (`after`; undefined: no link). */
export interface RowChange {
  ticket: string;
  before: LinkRow | undefined;
  after: LinkRow | undefined;
}

const addTo = (m: Map<string, Set<string>>, kr: string, ticket: string) => {
  const set = m.get(kr);
  if (set) set.add(ticket);
  else m.set(kr, new Set([ticket]));
};

/**
 * Store ticket rows as changed, and move the KR rows of the KRs they gained or lost: the one
 * write of links (`writeLinks`, the import, the schema upgrade).
 */
export function storeRows(db: LinkTables, changes: readonly RowChange[]): Promise<void> {
  const gained = new Map<string, Set<string>>();
  const lost = new Map<string, Set<string>>();
  for (const c of changes) {
    const was = new Set(c.before?.krs ?? []);
    const now = new Set(c.after?.krs ?? []);
    for (const kr of now) if (!was.has(kr)) addTo(gained, kr, c.ticket);
    for (const kr of was) if (!now.has(kr)) addTo(lost, kr, c.ticket);
  }
  const puts = changes.flatMap((c) => (c.after ? [c.after] : []));
  const deletes = changes.filter((c) => !c.after && c.before).map((c) => c.ticket);
  const krIds = [...new Set([...gained.keys(), ...lost.keys()])];
  return db.ticketLinks
    .bulkPut(puts)
    .then(() => db.ticketLinks.bulkDelete(deletes))
    .then(() => db.krLinks.bulkGet(krIds))
    .then((stored) => {
      const krPuts: KrLinksRow[] = [];
      const krDeletes: string[] = [];
      krIds.forEach((id, i) => {
        const tickets = new Set(stored[i]?.tickets ?? []);
        for (const t of lost.get(id) ?? []) tickets.delete(t);
        for (const t of gained.get(id) ?? []) tickets.add(t);
        if (tickets.size > 0) krPuts.push({ keyResultId: id, tickets: [...tickets].sort() });
        else if (stored[i]) krDeletes.push(id);
      });
      return db.krLinks.bulkPut(krPuts).then(() => db.krLinks.bulkDelete(krDeletes));
    });
}

/**
 * Apply to the stored rows: `put` links (replacing a stored link of the same ticket and KR)
 * and `remove` `[ticket, keyResultId]` pairs. Touches only the rows of the tickets named and
 * of the KRs they gain or lose; a row left with no link is deleted. Returns how many stored
 * links were removed.
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
    const changes = tickets.map((t, i): RowChange => ({
      ticket: t,
      before: stored[i],
      after: rowOf(t, [...byTicket.get(t)!.values()]),
    }));
    return storeRows(db, changes).then(() => removed);
  });
}

/** Remove every link of these KRs; returns how many were removed. */
export function deleteLinksOfKrs(db: LinkTables, krIds: readonly string[]): Promise<number> {
  return linkKeysOfKrs(db, krIds).then((remove) => writeLinks(db, { remove }));
}
