/**
 * Tickets and links: what a content script saw of each ticket (recorded for coverage) and
 * which KRs it serves. The batched reads answer in one transaction and a fixed number of
 * queries whatever the number of tickets.
 */
import { instantOf, todayIso } from '../okr/dates';
import type { LinkedKr, TicketLinks, TicketMeta, TicketSeen } from '../okr/dto';
import { UserError } from '../okr/errors';
import { formatPath } from '../okr/interchange';
import { ticketKey, ticketSchema } from '../okr/model';
import type { Link, StoredCheckIn, Ticket } from '../okr/model';
import { compact, groupBy } from '../okr/objects';
import { withInherited } from '../okr/hierarchy';
import { evaluateKr } from '../okr/progress';
import type { KrEvaluation } from '../okr/progress';
import type { OkrDb } from './db';
import { ancestorChains, descendantsOf } from './hierarchy';
import { byCode, byString, cleanLink, cleanTicket } from './records';
import { recountKrs, ticketsRecorded } from './kr-stats';
import {
  getLinks,
  linkedTicketsStartingWith,
  linksOfTickets,
  writeLinks,
  linkTables,
} from './link-rows';
import { getSettings } from './settings';

/**
 * Record what the page said of each ticket (merged with what is stored; `seenAt` = now) and
 * bring the KR aggregates up to date. Returns whether any recorded fact changed (a new ticket,
 * or its title, state, URL or parent; `seenAt` alone does not count): the popup's snapshot and
 * coverage depend on those facts. Call inside a transaction over tickets, links and krStats.
 */
async function recordTickets(
  db: OkrDb,
  seen: readonly TicketSeen[],
  now: string,
): Promise<boolean> {
  if (seen.length === 0) return false;
  const [stored, checkInTimes] = await Promise.all([
    db.tickets.bulkGet(seen.map((t) => t.key)),
    db.checkIns.orderBy('at').keys(),
  ]);
  const newestCheckIn = checkInTimes.reduce<number>(
    (max, at) => (typeof at === 'string' ? Math.max(max, instantOf(at)) : max),
    -Infinity,
  );
  const before = new Map<string, Ticket | undefined>();
  const byKey = new Map<string, Ticket>();
  seen.forEach((t, i) => {
    if (!before.has(t.key)) before.set(t.key, stored[i]);
    const base = byKey.get(t.key) ?? stored[i] ?? { key: t.key };
    byKey.set(t.key, cleanTicket(withParent({ ...base, ...metaOf(t), seenAt: now }, t)));
  });
  const changes = [...byKey]
    .map(([key, after]) => ({ old: before.get(key), new: after }))
    .filter((c) => mustWrite(c.old, c.new, now, newestCheckIn));
  await db.tickets.bulkPut(changes.map((c) => c.new));
  await ticketsRecorded(db, changes);
  for (const [key, after] of byKey) {
    const old = before.get(key);
    if (!old || old.title !== after.title || old.state !== after.state || old.url !== after.url)
      return true;
    if (old.parent !== after.parent) return true;
  }
  return false;
}

/**
 * Whether a ticket seen again is written. A changed fact (title, state, URL, parent…) always
 * is; the same facts only when the new `seenAt` tells something the stored one does not: a
 * later day (Coverage counts tickets by the day they were seen) or a time after the newest
 * check-in (a KR's evidence counts tickets seen done since its last check-in). So every reader
 * sees what it saw before, and a 1,000-row list visited again the same day no longer rewrites
 * 1,000 records (README "Speed": the GitHub list at 30 % linked, 27–30 → 18–24 ms per 100 rows).
 */
function mustWrite(
  old: Ticket | undefined,
  next: Ticket,
  now: string,
  newestCheckIn: number,
): boolean {
  if (!old?.seenAt) return true;
  if (old.seenAt.slice(0, 10) !== now.slice(0, 10)) return true;
  if (Date.parse(old.seenAt) < newestCheckIn) return true;
  return JSON.stringify({ ...old, seenAt: now }) !== JSON.stringify(next);
}

/** What a page said of a ticket but its parent (null means "none", not a value to store). */
function metaOf({ parent: _parent, ...t }: TicketSeen): Omit<Ticket, 'seenAt'> {
  return compact(t);
}

/**
 * The ticket with the parent the page said: a key sets it (a ticket is never its own
 * parent), `null` clears it (the page shows it has none), absent keeps the stored one.
 */
function withParent(ticket: Ticket, seen: TicketSeen): Ticket {
  if (seen.parent === undefined || seen.parent === seen.key) return ticket;
  const { parent: _old, ...rest } = ticket;
  return seen.parent === null ? rest : { ...rest, parent: seen.parent };
}

function parseTickets(tickets: readonly TicketSeen[], now: string): TicketSeen[] {
  return tickets.map((t, i) => {
    const r = ticketSchema.safeParse({ ...t, parent: t.parent ?? undefined, seenAt: now });
    if (!r.success) {
      const issue = r.error.issues[0];
      const path = `tickets[${i}]${issue?.path.length ? `.${formatPath(issue.path)}` : ''}`;
      throw new UserError(`${path}: ${issue?.message ?? 'invalid'}`, 'tickets');
    }
    return t;
  });
}

/** Records by id from a bulk read, missing ones left out. */
function byIdMap<T extends { id: string }>(records: readonly (T | undefined)[]): Map<string, T> {
  return new Map(records.filter((r) => r !== undefined).map((r) => [r.id, r]));
}

/** Evaluate `links` into `out` (ticket → linked KRs sorted by code); inside a transaction. */
async function fillLinks(
  db: OkrDb,
  links: readonly Link[],
  out: TicketLinks,
  today: string,
): Promise<void> {
  if (links.length === 0) return;
  const krIds = [...new Set(links.map((l) => l.keyResultId))];
  const krs = byIdMap(await db.keyResults.bulkGet(krIds));
  const objectives = byIdMap(
    await db.objectives.bulkGet([...new Set([...krs.values()].map((k) => k.objectiveId))]),
  );
  const cycles = byIdMap(
    await db.cycles.bulkGet([...new Set([...objectives.values()].map((o) => o.cycleId))]),
  );
  const checkIns = groupBy<StoredCheckIn, string>(
    await db.checkIns.where('keyResultId').anyOf(krIds).toArray(),
    (c) => c.keyResultId,
  );
  const settings = await getSettings(db);

  const evaluations = new Map<string, KrEvaluation>();
  for (const link of links) {
    const kr = krs.get(link.keyResultId);
    const objective = kr && objectives.get(kr.objectiveId);
    const cycle = objective && cycles.get(objective.cycleId);
    if (!kr || !objective || !cycle) continue; // dangling (cannot happen through this store)
    let evaluation = evaluations.get(kr.id);
    if (!evaluation) {
      evaluation = evaluateKr(kr, checkIns.get(kr.id) ?? [], cycle, today, settings);
      evaluations.set(kr.id, evaluation);
    }
    const item: LinkedKr = compact({
      keyResultId: kr.id,
      code: kr.code,
      title: kr.title,
      kind: kr.kind,
      unit: kr.unit,
      owner: kr.owner,
      archived: kr.archived,
      objectiveId: objective.id,
      objectiveTitle: objective.title,
      cycleId: cycle.id,
      source: link.source,
      createdAt: link.createdAt,
      evaluation,
    });
    (out[link.ticket] ??= []).push(item);
  }
  for (const list of Object.values(out)) list.sort(byCode);
}

/**
 * Add to `out` what each of `keys` serves through its ancestors ("via" links, README "Work
 * hierarchy"): the ancestors' links, marked with the ancestor whose link it is; a ticket's own
 * link of a KR wins, then the nearest ancestor's. Inside a transaction over tickets and links.
 */
async function fillInherited(
  db: OkrDb,
  keys: readonly string[],
  out: TicketLinks,
  today: string,
): Promise<void> {
  const chains = await ancestorChains(db, keys);
  if (chains.size === 0) return;
  const ancestors = [...new Set([...chains.values()].flat())];
  const theirs: TicketLinks = {};
  await fillLinks(db, await linksOfTickets(db, ancestors), theirs, today);
  for (const [key, chain] of chains) {
    const all = withInherited(
      out[key] ?? [],
      chain,
      (a) => theirs[a],
      (l, via) => ({ ...l, via }),
    );
    if (all.length > 0) out[key] = all.sort(byCode);
  }
}

/** At most this many tickets are answered by `linkedInScopes` (the rest load as rows show). */
export const SCOPE_TICKET_LIMIT = 2_000;

/** The tables a read of links as shown touches (an outer transaction must include them). */
export const linkReadTables = (db: OkrDb) => [
  db.tickets,
  db.krStats,
  ...linkTables(db),
  db.keyResults,
  db.objectives,
  db.cycles,
  db.checkIns,
  db.settings,
];

/**
 * The linked tickets whose key starts with one of `scopes` (a repository `github:host/o/r#`,
 * a Jira project `jira:host/KEY-`, a Linear team `linear:ws/KEY-`), with their KRs as in
 * `ticketsByKeys`; records nothing. A content script asks it once per scope so rows that a
 * virtualized list renders later get their badge in the frame they appear.
 */
export async function linkedInScopes(
  db: OkrDb,
  scopes: readonly string[],
  today: string = todayIso(),
): Promise<TicketLinks> {
  return db.transaction('r', linkReadTables(db), async () => {
    const out: TicketLinks = {};
    const keys = new Set<string>();
    for (const scope of new Set(scopes)) {
      if (!scope) continue;
      const left = SCOPE_TICKET_LIMIT - keys.size;
      if (left <= 0) break;
      for (const k of await linkedTicketsStartingWith(db, scope, left)) keys.add(k);
    }
    if (keys.size === 0) return out;
    await fillLinks(db, await linksOfTickets(db, [...keys]), out, today);
    // Their children serve the same KRs: a child list or board renders them later too.
    const below = await descendantsOf(db, [...keys], SCOPE_TICKET_LIMIT - keys.size);
    await fillInherited(db, [...keys, ...below], out, today);
    return out;
  });
}

/**
 * The batched call of content scripts: for every ticket on a page, its linked KRs with their
 * evaluation (in the KR's own cycle, on `today`), and record the tickets' metadata for
 * coverage. One transaction and a fixed number of queries whatever the number of tickets:
 * the tickets' link rows are read by key, then KRs, objectives, cycles and check-ins in bulk.
 */
export async function ticketsByKeys(
  db: OkrDb,
  tickets: readonly TicketSeen[],
  now: string = new Date().toISOString(),
  today: string = todayIso(new Date(now)),
  /** Called (inside the transaction) when a recorded fact of a ticket changed. */
  onRecordedChange?: () => void,
): Promise<TicketLinks> {
  const seen = parseTickets(tickets, now);
  const keys = [...new Set(seen.map((t) => t.key))];
  return db.transaction('rw', linkReadTables(db), async () => {
    if ((await recordTickets(db, seen, now)) && onRecordedChange) onRecordedChange();
    return readShown(db, keys, today);
  });
}

/** Each of `keys` (unique) with its own and "via" links, evaluated; inside a transaction. */
async function readShown(db: OkrDb, keys: readonly string[], today: string): Promise<TicketLinks> {
  const out: TicketLinks = Object.fromEntries(keys.map((k) => [k, []]));
  if (keys.length === 0) return out;
  await fillLinks(db, await linksOfTickets(db, keys), out, today);
  await fillInherited(db, keys, out, today);
  return out;
}

async function linksOf(db: OkrDb, ticket: string): Promise<Link[]> {
  const links = await linksOfTickets(db, [ticket]);
  return links.map(cleanLink).sort((a, b) => byString(a.keyResultId, b.keyResultId));
}

/** The tables `link` and `unlink` write (a caller's outer transaction must include them). */
export const linkWriteTables = (db: OkrDb) => [
  db.keyResults,
  db.checkIns,
  ...linkTables(db),
  db.tickets,
  db.krStats,
];

/**
 * Link a ticket to one or more KRs. Idempotent: an existing link stays as it is (its
 * `createdAt` is kept), except that a `label` link confirmed by the user becomes `user`.
 * Records the ticket's metadata when given. Returns all links of the ticket.
 */
export async function link(
  db: OkrDb,
  ticket: string,
  keyResultIds: string | readonly string[],
  source: 'user' | 'label' = 'user',
  meta?: TicketMeta,
  now: Date = new Date(),
): Promise<Link[]> {
  const key = ticketKey.safeParse(ticket);
  if (!key.success) throw new UserError(key.error.issues[0]?.message ?? 'invalid', 'ticket');
  const ids = [...new Set(typeof keyResultIds === 'string' ? [keyResultIds] : keyResultIds)];
  if (ids.length === 0) throw new UserError('choose at least one key result', 'keyResultId');
  const at = now.toISOString();
  const seen: TicketSeen = { ...meta, key: ticket };
  parseTickets([seen], at);
  return db.transaction('rw', linkWriteTables(db), async () => {
    const krs = await db.keyResults.bulkGet(ids);
    const missing = ids.find((_, i) => krs[i] === undefined);
    if (missing !== undefined)
      throw new UserError(`no key result with id "${missing}"`, 'keyResultId');
    const existing = await getLinks(
      db,
      ids.map((id): [string, string] => [ticket, id]),
    );
    const writes: Link[] = [];
    ids.forEach((keyResultId, i) => {
      const old = existing[i];
      if (!old) writes.push({ ticket, keyResultId, createdAt: at, source });
      else if (old.source === 'label' && source === 'user')
        writes.push(cleanLink({ ...old, source }));
    });
    if (writes.length > 0) await writeLinks(db, { put: writes });
    await recordTickets(db, [seen], at);
    if (writes.length > 0) await recountKrs(db, ids);
    return linksOf(db, ticket);
  });
}

/** Remove one link (no error when it does not exist). Returns the ticket's remaining links. */
export async function unlink(db: OkrDb, ticket: string, keyResultId: string): Promise<Link[]> {
  return db.transaction('rw', linkWriteTables(db), async () => {
    await writeLinks(db, { remove: [[ticket, keyResultId]] });
    await recountKrs(db, [keyResultId]);
    return linksOf(db, ticket);
  });
}

/**
 * What the overlay shows of these tickets now: their own links and those served through their
 * parents ("via"), as `ticketsByKeys` answers, without recording anything (the answer of a
 * link, an unlink or a page's label links).
 */
export async function shownLinks(
  db: OkrDb,
  keys: readonly string[],
  today: string = todayIso(),
): Promise<TicketLinks> {
  return db.transaction('r', linkReadTables(db), async () =>
    readShown(db, [...new Set(keys)], today),
  );
}
